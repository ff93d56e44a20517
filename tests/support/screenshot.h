#pragma once

// Screenshots of widget tests for people to look at (README, reviews): written only when
// PORTICO_TEST_ARTIFACTS_DIR names a folder, so ordinary runs write nothing. Header-only: the
// helper needs Qt Widgets, which only the widget tests link (portico_test_support does not).

#include <QDir>
#include <QImage>
#include <QSet>
#include <QString>
#include <QTest>
#include <QWidget>

namespace portico::testing {

// Saves what `widget` shows as `name` (a .png) in PORTICO_TEST_ARTIFACTS_DIR, creating the folder; a
// failed save fails the test.
inline void saveScreenshot(QWidget &widget, const QString &name)
{
    const QString directory = qEnvironmentVariable("PORTICO_TEST_ARTIFACTS_DIR");
    if (directory.isEmpty())
        return;
    QVERIFY(QDir().mkpath(directory));
    const QString path = QDir(directory).filePath(name);
    QVERIFY2(widget.grab().save(path), qPrintable(path));
    qInfo("screenshot: %s", qPrintable(path));
}

// Checks that `widget` rendered (its grab has the widget's size and more than a handful of colours: a
// blank grab has one or two) and saves the grab as `name` (a .png) in PORTICO_TEST_ARTIFACTS_DIR, or in
// the temporary folder when that is unset, so that every run makes and checks the picture.
inline void saveRenderedScreenshot(QWidget &widget, const QString &name)
{
    const QImage image = widget.grab().toImage();
    QCOMPARE(image.size(), widget.size() * widget.devicePixelRatio());
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 7) {
        for (int x = 0; x < image.width(); x += 7)
            colours.insert(image.pixel(x, y));
    }
    QVERIFY2(colours.size() > 4, "the screenshot is blank");

    const QString directory = qEnvironmentVariable("PORTICO_TEST_ARTIFACTS_DIR", QDir::tempPath());
    QVERIFY(QDir().mkpath(directory));
    const QString path = QDir(directory).filePath(name);
    QVERIFY2(image.save(path), qPrintable(path));
    qInfo("screenshot: %s", qPrintable(path));
}

} // namespace portico::testing
