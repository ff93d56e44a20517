#include "import/importdialog.h"

#include "config/configimport.h"
#include "config/serverregistry.h"
#include "host/serverlifecycle.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>
#include <utility>

namespace portico {

ImportDialog::ImportDialog(ServerRegistry &registry, ServerLifecycle &lifecycle, QWidget *parent)
    : QDialog(parent)
    , m_registry(registry)
    , m_lifecycle(lifecycle)
{
    setObjectName(QStringLiteral("importDialog"));
    setWindowTitle(tr("Import servers"));
    resize(900, 480);

    auto *intro = new QLabel(tr("Bring in the remote MCP servers you already set up in Claude Desktop, VS Code, "
                                "Cursor or Zed. Local (stdio) servers are skipped: Portico connects to remote "
                                "servers only. Secrets in the file go to your system keychain, never to "
                                "Portico's files."),
                             this);
    intro->setWordWrap(true);

    // Files the other hosts keep in their usual places, if any exist here.
    m_foundFiles = new QComboBox(this);
    m_foundFiles->setObjectName(QStringLiteral("foundFiles"));
    m_foundFiles->addItem(tr("Choose one…"));
    for (const ConfigImport::KnownFile &file : ConfigImport::knownConfigFiles()) {
        m_foundFiles->addItem(
            tr("%1: %2").arg(config_format::displayName(file.format), QDir::toNativeSeparators(file.path)), file.path);
    }
    connect(m_foundFiles, &QComboBox::activated, this, [this](int index) {
        if (index > 0)
            loadFile(m_foundFiles->itemData(index).toString());
    });

    m_pathEdit = new QLineEdit(this);
    m_pathEdit->setObjectName(QStringLiteral("pathEdit"));
    m_pathEdit->setPlaceholderText(tr("claude_desktop_config.json, mcp.json or settings.json"));
    connect(m_pathEdit, &QLineEdit::returnPressed, this, [this]() { loadFile(m_pathEdit->text()); });
    m_browseButton = new QPushButton(tr("Browse…"), this);
    m_browseButton->setObjectName(QStringLiteral("browseButton"));
    connect(m_browseButton, &QPushButton::clicked, this, &ImportDialog::browse);
    auto *fileRow = new QHBoxLayout;
    fileRow->addWidget(m_pathEdit, 1);
    fileRow->addWidget(m_browseButton);

    m_formatBox = new QComboBox(this);
    m_formatBox->setObjectName(QStringLiteral("formatBox"));
    m_formatBox->addItem(tr("Detect from the file"));
    for (const ConfigFormat format : config_format::all())
        m_formatBox->addItem(config_format::displayName(format), int(format));
    connect(m_formatBox, &QComboBox::activated, this, [this](int index) {
        setFormat(index == 0 ? std::nullopt : std::optional(ConfigFormat(m_formatBox->itemData(index).toInt())));
    });

    auto *form = new QFormLayout;
    if (m_foundFiles->count() > 1)
        form->addRow(tr("Found on this computer:"), m_foundFiles);
    else
        m_foundFiles->hide();
    form->addRow(tr("File:"), fileRow);
    form->addRow(tr("Format:"), m_formatBox);

    m_model = new QStandardItemModel(0, ColumnCount, this);
    m_model->setHorizontalHeaderLabels({tr("Name"), tr("URL"), tr("What happens")});
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("previewTable"));
    m_table->setModel(m_model);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("statusLabel"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_importButton = buttons->addButton(tr("Import"), QDialogButtonBox::AcceptRole);
    m_importButton->setObjectName(QStringLiteral("importButton"));
    m_importButton->setEnabled(false);
    m_importButton->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, &ImportDialog::startImport);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_status);
    layout->addWidget(buttons);
}

QAbstractItemModel *ImportDialog::previewModel() const
{
    return m_model;
}

QString ImportDialog::statusText() const
{
    return m_status->text();
}

void ImportDialog::browse()
{
    const QString start = m_path.isEmpty() ? QDir::homePath() : m_path;
    const QString path = QFileDialog::getOpenFileName(this, tr("Import servers from"), start,
                                                      tr("MCP configuration (*.json *.jsonc);;All files (*)"));
    if (!path.isEmpty())
        loadFile(path);
}

bool ImportDialog::loadFile(const QString &path)
{
    m_path = path;
    m_pathEdit->setText(QDir::toNativeSeparators(path));
    refreshPreview();
    return m_preview.has_value();
}

void ImportDialog::setFormat(std::optional<ConfigFormat> format)
{
    m_format = format;
    const int index = format ? m_formatBox->findData(int(*format)) : 0;
    m_formatBox->setCurrentIndex(index < 0 ? 0 : index);
    if (!m_path.isEmpty())
        refreshPreview();
}

void ImportDialog::refreshPreview()
{
    m_preview.reset();
    m_model->removeRows(0, m_model->rowCount());
    Result<ImportPreview> preview = ConfigImport::previewFile(m_path, m_format, m_registry.servers());
    if (!preview)
        return showError(preview.error().message());
    m_preview = std::move(preview).value();
    showPreview();
}

void ImportDialog::showPreview()
{
    using Action = ImportPreview::Entry::Action;
    const QColor muted = palette().color(QPalette::Disabled, QPalette::Text);
    for (const ImportPreview::Entry &entry : m_preview->entries) {
        const QString outcome = ImportPreview::describe(entry);
        QList<QStandardItem *> row{new QStandardItem(entry.name), new QStandardItem(entry.urlText),
                                   new QStandardItem(outcome)};
        for (QStandardItem *item : row) {
            item->setToolTip(outcome);
            if (entry.action != Action::Add)
                item->setForeground(muted);
        }
        m_model->appendRow(row);
    }
    // Names and URLs in full where they fit; "what happens" gets the rest and its tooltip the whole text.
    for (const auto &[column, widest] : {std::pair{int(NameColumn), 220}, std::pair{int(UrlColumn), 340}}) {
        m_table->resizeColumnToContents(column);
        m_table->setColumnWidth(column, std::min(m_table->columnWidth(column), widest));
    }
    const qsizetype adds = m_preview->count(Action::Add);
    m_status->setStyleSheet(QString());
    m_status->setText(tr("%1: %2 to add, %3 already configured, %4 skipped.")
                          .arg(config_format::displayName(m_preview->format))
                          .arg(adds)
                          .arg(m_preview->count(Action::Duplicate))
                          .arg(m_preview->count(Action::Skip)));
    m_importButton->setText(adds == 0 ? tr("Import") : tr("Import %n server(s)", nullptr, int(adds)));
    m_importButton->setEnabled(adds > 0);
}

void ImportDialog::showError(const QString &message)
{
    // A red that reads on light and dark palettes alike.
    m_status->setStyleSheet(QStringLiteral("color: #d32f2f;"));
    m_status->setText(message);
    m_importButton->setEnabled(false);
}

void ImportDialog::setBusy(bool busy)
{
    for (QWidget *widget : {static_cast<QWidget *>(m_foundFiles), static_cast<QWidget *>(m_pathEdit),
                            static_cast<QWidget *>(m_browseButton), static_cast<QWidget *>(m_formatBox)})
        widget->setEnabled(!busy);
    m_importButton->setEnabled(!busy && m_preview && m_preview->count(ImportPreview::Entry::Action::Add) > 0);
}

void ImportDialog::startImport()
{
    if (!m_preview || m_preview->count(ImportPreview::Entry::Action::Add) == 0)
        return;
    setBusy(true);
    m_status->setText(tr("Importing…"));
    m_lifecycle.importServers(*m_preview, this, [this](Result<qsizetype> result) {
        setBusy(false);
        if (!result) {
            // Nothing changed; show why, and the preview again as it stands now.
            const QString message = tr("Nothing was imported: %1").arg(result.error().message());
            refreshPreview();
            return showError(message);
        }
        Q_EMIT imported(result.value());
        accept();
    });
}

} // namespace portico
