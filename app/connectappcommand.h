#pragma once

#include "config/connectapp.h"

#include <QCoreApplication>
#include <QString>

namespace portico {

// `portico --connect-app APP [SERVER]` and `--disconnect-app APP [SERVER]`: Portico's bridge entries in another
// MCP app's configuration file (ConnectPlan), with --dry-run (the preview only), --replace (an mcp-remote entry
// for the same URL) and --undo (the last change put back from its backup). Headless; returns the exit code.
class ConnectAppCommand
{
    Q_DECLARE_TR_FUNCTIONS(ConnectAppCommand)

public:
    struct Options
    {
        ConnectApp app = ConnectApp::ClaudeDesktop;
        QString server; // name or id; empty: every configured server (connect) or every Portico entry (disconnect)
        bool dryRun = false;
        bool replaceMcpRemote = false;
    };

    [[nodiscard]] static int connect(const Options &options);
    [[nodiscard]] static int disconnect(const Options &options);
    [[nodiscard]] static int undo(ConnectApp app);
};

} // namespace portico
