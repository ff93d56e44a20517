// A core header that pulls in a widget: the include-rule check must refuse it.
#pragma once

#include <QWidget>
