#include "common/eventdispatcherchoice.h"

#include <QByteArray>
#include <QtGlobal>

namespace portico {

void preferQtEventDispatcher()
{
    if (!qEnvironmentVariableIsSet("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", QByteArrayLiteral("1"));
}

} // namespace portico
