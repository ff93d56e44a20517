#include "benchoptions.h"

#include <QCoreApplication>

namespace portico::bench {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("portico::bench::BenchOptions", text);
}

Error usageError(const QString &message)
{
    return Error(ErrorCode::InvalidArgument, message);
}

} // namespace

QStringList BenchOptions::modes()
{
    return {QStringLiteral("connect"), QStringLiteral("seq"),  QStringLiteral("conc"),
            QStringLiteral("list"),    QStringLiteral("idle"), QStringLiteral("once")};
}

QString BenchOptions::usage()
{
    return QStringLiteral("usage: portico-bench connect|seq|conc|list|idle|once --url URL [--duration S] [--warmup S] "
                          "[--concurrency C] [--n N] [--warmup-n W] [--clients K] [--settle S] [--repeat R]");
}

Result<BenchOptions> BenchOptions::parse(const QStringList &arguments)
{
    BenchOptions options;
    if (arguments.isEmpty() || !modes().contains(arguments.constFirst()))
        return usageError(tr("The first argument must be a mode: connect, seq, conc, list, idle or once."));
    options.mode = arguments.constFirst();
    for (qsizetype i = 1; i < arguments.size(); i += 2) {
        const QString &name = arguments.at(i);
        if (i + 1 >= arguments.size())
            return usageError(tr("The option %1 needs a value.").arg(name));
        const QString &value = arguments.at(i + 1);
        bool ok = true;
        if (name == u"--url") {
            options.url = QUrl(value, QUrl::StrictMode);
            ok = options.url.isValid() && !options.url.host().isEmpty();
        } else if (name == u"--duration") {
            options.durationSeconds = value.toDouble(&ok);
        } else if (name == u"--warmup") {
            options.warmupSeconds = value.toDouble(&ok);
        } else if (name == u"--concurrency") {
            options.concurrency = value.toInt(&ok);
            ok = ok && options.concurrency > 0;
        } else if (name == u"--n") {
            options.n = value.toInt(&ok);
            ok = ok && options.n > 0;
        } else if (name == u"--warmup-n") {
            options.warmupN = value.toInt(&ok);
            ok = ok && options.warmupN >= 0;
        } else if (name == u"--clients") {
            options.clients = value.toInt(&ok);
            ok = ok && options.clients > 0;
        } else if (name == u"--settle") {
            options.settleSeconds = value.toDouble(&ok);
        } else if (name == u"--repeat") {
            options.repeat = value.toInt(&ok);
            ok = ok && options.repeat > 0;
        } else {
            return usageError(tr("Unknown option %1.").arg(name));
        }
        if (!ok)
            return usageError(tr("The value of %1 is not valid.").arg(name));
    }
    if (options.url.isEmpty())
        return usageError(tr("The option --url is required."));
    if (options.durationSeconds <= 0 || options.warmupSeconds < 0 || options.settleSeconds < 0)
        return usageError(tr("Durations must be positive (the warm-up and settle times may be zero)."));
    return options;
}

} // namespace portico::bench
