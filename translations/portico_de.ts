<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>AuthMetadata</name>
    <message>
        <source>The sign-in information the server published (%1) is not usable.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AuthServerMetadata</name>
    <message>
        <source>authorization server metadata</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The authorization server&apos;s metadata names a different issuer than the one it was looked up for (issuer mismatch), so Portico will not use it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The authorization server does not confirm PKCE with S256, which MCP requires, so Portico will not sign in there.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AuthorizationDiscovery</name>
    <message>
        <source>The server publishes no protected resource metadata, so Portico cannot find out where to sign in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>protected resource metadata</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The protected resource metadata the server pointed to could not be fetched, so Portico cannot find out where to sign in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server could not provide its protected resource metadata, so Portico cannot find out where to sign in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>authorization server metadata</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The authorization server could not provide its metadata, so Portico cannot sign in there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The authorization server %1 publishes no metadata at any of the standard addresses, so Portico cannot sign in there.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AuthorizationFlow</name>
    <message>
        <source>The sign-in response was rejected because this sign-in was already completed. Start the sign-in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sign-in response was rejected because it carries no valid state. Start the sign-in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sign-in response was rejected because it does not belong to the sign-in Portico started. Start the sign-in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sign-in response was rejected because it names its issuer more than once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sign-in response was rejected because it comes from a different authorization server than the one Portico asked. Start the sign-in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sign-in response was rejected because the authorization server promised to name itself in it and did not. Start the sign-in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The authorization server did not grant access (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sign-in response was rejected because it carries no authorization code. Start the sign-in again.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ClientAssertion</name>
    <message>
        <source>Portico could not sign in with the client&apos;s private key.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ClientAuthentication</name>
    <message>
        <source>The client registration has no client id.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The client registration has no client secret.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The client registration has no private key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The authorization server&apos;s issuer is unknown, so no client assertion can be made for it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The client registration uses a token endpoint authentication method that Portico does not support.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ClientRegistrar</name>
    <message>
        <source>client registration response</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The authorization server did not register Portico as a client.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The authorization server refused to register Portico because it does not accept Portico&apos;s redirect address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The authorization server refused to register Portico because it does not accept the client information Portico sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The authorization server does not offer client registration, so Portico needs a client ID for it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Portico&apos;s redirect address is not one it may register.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The client metadata document address is not usable as a client ID.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ClientRegistration</name>
    <message>
        <source>The stored client registration is damaged; Portico has to register again.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CommandLine</name>
    <message>
        <source>Show this help and exit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show Portico&apos;s version and exit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>List the configured servers, one a line: name, URL, sign-in mode.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import the remote servers of another MCP host&apos;s configuration file (Claude Desktop, VS Code, Cursor, Zed): print what is added, already configured or skipped (and why), then add the new ones. Secrets go to the system keychain, never to Portico&apos;s files. A file that cannot be read changes nothing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With --import: read the file as this format instead of detecting it (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>format</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With --import: print what would happen and change nothing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the configured servers to the file given after the format (%1), without any secret: secret values become the format&apos;s placeholders or are left out, and Portico lists what was left out. Example: portico --export vscode mcp.json</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With --export: replace the file if it exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>For tests and headless machines without a keychain: keep secrets in memory only. They are lost when Portico exits, and Portico warns about it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run headless against the server URL given last, as the official MCP conformance suite expects: no window, no keychain, nothing stored; connect, list and call every tool, answer questions from schema defaults. Reads MCP_CONFORMANCE_SCENARIO, MCP_CONFORMANCE_CONTEXT and MCP_CONFORMANCE_PROTOCOL_VERSION. Exit code 0 when everything worked, 1 otherwise.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Call one tool of a configured server (by name or id) without a window, with the sign-in stored in the keychain (renewed when needed), and print its result. The tool name follows. Example: portico --call &quot;My server&quot; echo --arguments &apos;{&quot;message&quot;:&quot;hi&quot;}&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With --call: the tool&apos;s arguments as a JSON object.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>json</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Portico connects to remote MCP servers, signs you in when they ask for it, and shows what access you granted.

Examples:
  portico --import ~/.cursor/mcp.json
  portico --import claude_desktop_config.json --dry-run
  portico --export vscode mcp.json
  portico --conformance http://localhost:3000/mcp
  portico --call &quot;My server&quot; echo --arguments &apos;{&quot;message&quot;:&quot;hi&quot;}&apos;

Exit codes:
  0  success
  1  failure while running: --import found the file malformed or could not store
     the servers (nothing was changed then); --export found the file already
     there (without --force) or could not write it; --conformance failed a step;
     --call could not connect, needs a sign-in in the window, or the tool failed
  2  usage error (unknown option or bad value)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With --export: the file to write.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>[file]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use only one of --list, --import and --export.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--format goes with --import.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--dry-run goes with --import.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--force goes with --export.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--conformance runs alone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--conformance needs the server URL, e.g. portico --conformance http://localhost:3000/mcp.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a URL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--arguments goes with --call.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--call runs alone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--call needs a server and one tool name, e.g. portico --call &quot;My server&quot; echo.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown format &apos;%1&apos; for --export (use %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--export needs a format and one file, e.g. portico --export vscode mcp.json.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unexpected argument &apos;%1&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--import needs a file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown format &apos;%1&apos; for --format (use %2).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConfigCommands</name>
    <message>
        <source>Warning: --no-keychain keeps secrets in memory only; they are lost when Portico exits. Use it for tests and headless machines only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No servers are configured.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was imported. %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 to add, %2 already configured, %3 skipped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was changed (--dry-run).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to add.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was imported: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the import did not finish.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Added %1 server(s) to %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use --force to replace it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrote %1 server(s) to %2 as %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Left out (no secret is ever exported):</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConfigExport</name>
    <message>
        <source>%1: %2 cannot be exported (%3 has no setting for it).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the transport choice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the client-credentials sign-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>turning sign-in off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the scopes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the fixed redirect port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the choice to leave out the resource parameter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the CA certificates file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the proxy setting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 header for %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the %2 header&apos;s value stays in Portico&apos;s keychain; VS Code asks for it as the input “%3”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the %2 header&apos;s value stays in Portico&apos;s keychain; set the environment variable %3 to it for Cursor.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the client secret stays in Portico&apos;s keychain; VS Code asks for it when it signs in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the client secret stays in Portico&apos;s keychain; set the environment variable %2 to it for Cursor.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the %2 header is left out (its value stays in Portico&apos;s keychain and Zed&apos;s settings have no placeholder); add it in Zed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the client secret stays in Portico&apos;s keychain; Zed asks for it and keeps it in its own keychain entry.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the %2 header&apos;s value stays in Portico&apos;s keychain; add %3 with it to the server&apos;s &quot;env&quot; for mcp-remote.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the client secret stays in Portico&apos;s keychain; mcp-remote reads it only from --static-oauth-client-info, so add &quot;client_secret&quot; there yourself.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 already exists; Portico does not replace it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConfigFormat</name>
    <message>
        <source>Claude Desktop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VS Code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cursor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConfigFormatReader</name>
    <message>
        <source>it has neither a &quot;url&quot; nor a &quot;command&quot;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConfigImport</name>
    <message>
        <source>The file is too large to be an MCP configuration.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file is not valid JSON. %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file is not an MCP configuration Portico knows: it has no &quot;mcpServers&quot; (Claude Desktop, Cursor), &quot;servers&quot; (VS Code) or &quot;context_servers&quot; (Zed).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file has no &quot;%1&quot;, so it is not a %2 configuration.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be an object that maps server names to servers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it is not a server entry (an object)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is too large to be an MCP configuration.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DiscoveryUrls</name>
    <message>
        <source>Portico cannot work out where this server&apos;s sign-in information is published.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EraDetector</name>
    <message>
        <source>The server requires you to sign in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Access to the server was not granted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server answered with HTTP status %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HeaderValueEncoding</name>
    <message>
        <source>A header value could not be decoded.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ImportEntryBuilder</name>
    <message>
        <source>a client secret without a client id was left out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the client secret comes from %1, which is not in the file: enter it in Portico before signing in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>client secret stored in the keychain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the %1 header&apos;s value comes from %2, which is not in the file: enter it in Portico before connecting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the %1 header&apos;s value goes to the keychain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no sign-in: the file sends its own Authorization header</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the proxy was not carried over; Portico uses the system&apos;s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unresolvable placeholder %1 in the URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>invalid URL: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unresolvable placeholder %1 in the OAuth client id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the callback port %1 is not between 1 and 65535</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>already configured as “%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the same URL as “%1” earlier in this file</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ImportPreview</name>
    <message>
        <source>add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>already configured</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>skipped</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InMemorySecretStore</name>
    <message>
        <source>A secret needs a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No secret is stored under this name.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Jsonc</name>
    <message>
        <source>Line %1, column %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a /* comment is never closed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The top level is not a JSON object ({ ... }).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>KeychainSecretStore</name>
    <message>
        <source>The system keychain is not available, so Portico cannot keep sign-in secrets. Start a keychain service (GNOME Keyring, KWallet or another Secret Service provider) and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The system keychain refused access. Unlock it and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No secret is stored under this name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The system keychain reported an error.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A keychain entry needs a name.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LoopbackRedirectCatcher</name>
    <message>
        <source>You can close this window and return to Portico.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>McpRemoteReader</name>
    <message>
        <source>the file %1 given to %2 was not read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the %1 value is not a JSON object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mcp-remote&apos;s %1 option has no value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a --header without &quot;Name: value&quot; was not carried over</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the transport &quot;%1&quot; is unknown; Portico detects it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mcp-remote&apos;s %1 option is not carried over</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an extra mcp-remote argument was not carried over</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mcp-remote is given no server URL</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>McpSession</name>
    <message>
        <source>The server&apos;s list never ends.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MessageReader</name>
    <message>
        <source>The server sent a message Portico cannot read.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PendingRequests</name>
    <message>
        <source>The server did not answer in time.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PlaceholderResolver</name>
    <message>
        <source>%1 (“%2”)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProtectedResourceMetadata</name>
    <message>
        <source>protected resource metadata</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server&apos;s sign-in information is for a different resource, so Portico will not sign in with it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>Server list</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RefreshLock</name>
    <message>
        <source>Another Portico process kept the sign-in of this server busy.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RemoteServerSpec</name>
    <message>
        <source>local (stdio) server: Portico connects to remote servers only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its &quot;headers&quot; are not an object of name: value pairs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the header %1 is not text</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ServerConfig</name>
    <message>
        <source>The field &quot;%1&quot; must be %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>automatic sign-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pre-registered client</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>client credentials</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no sign-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server&apos;s id &quot;%1&quot; is not a UUID.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server needs a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server&apos;s name cannot contain line breaks, tabs or other control characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The URL %1 is not allowed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The URL %1 carries a credential in its query (%2); Portico keeps credentials in the keychain, so give it as a header instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A pre-registered client or client credentials need a client id.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client credentials need a client secret.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The scope &quot;%1&quot; is not a single scope token (RFC 6749 §3.3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The redirect port must be between 1 and 65535.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The proxy needs a URL such as http://proxy.example:3128 or socks5://host:1080.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The proxy URL contains a password; Portico does not store passwords in its configuration file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid HTTP header name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The header %1 is given twice.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The header %1 is set by Portico itself and cannot be configured.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The value of the secret header %1 belongs in the keychain, not in the configuration.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The header %1 carries a credential, so its value must be kept in the keychain.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The value of the header %1 contains a line break.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a string</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown transport &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown authorization mode &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>true or false</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a list of strings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The redirect port must be a whole number between 1 and 65535.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown proxy mode &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each header needs a &quot;name&quot; and either a &quot;value&quot; or &quot;secret&quot;: true.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ServerCredentials</name>
    <message>
        <source>The sign-in data stored in the keychain for this server is unreadable.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TokenClient</name>
    <message>
        <source>The authorization server redirected the revocation request; Portico does not send tokens on to another address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The authorization server redirected the token request; Portico does not send sign-in credentials on to another address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The authorization server did not confirm that the token was revoked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The authorization server no longer accepts this sign-in; please sign in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The authorization server did not accept Portico&apos;s client credentials.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The authorization server refused the access that was requested.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The authorization server refused the token request.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TokenSet</name>
    <message>
        <source>The authorization server sent a token response that Portico cannot use.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The stored sign-in tokens are damaged; please sign in again.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ZedReader</name>
    <message>
        <source>a Zed extension&apos;s server: the extension starts it, so there is no URL to import</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico</name>
    <message>
        <source>The server reported an error: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::AccessActions</name>
    <message>
        <source>Last action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Refresh now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Renew the access with the refresh token, without signing in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re-&amp;authorize…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re-authorize</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in again, optionally with other scopes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign &amp;out…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoke the access at the authorization server and delete the tokens here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Forget client registration…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forget client registration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drop Portico&apos;s registration at this authorization server; the next sign-in registers anew.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Renewing the access…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The access was renewed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening the sign-in page…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign out of this server? This revokes the access at %1 and deletes the tokens from this computer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Sign out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signing out…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed out: the tokens were deleted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forget Portico&apos;s client registration at %1? Its tokens are deleted too, and the next sign-in registers Portico anew.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Forget</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forgetting the client registration…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The client registration was forgotten.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the authorization server</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::AccessDetails</name>
    <message>
        <source>Sign-in state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A&amp;ccount:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Issuer:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issuer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reso&amp;urce:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resource</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;lient:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E&amp;xpiry:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expiry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last r&amp;efresh:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh &amp;token:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Keychain:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keychain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No sign-in for this server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>—</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not named by the identity provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not known yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not named</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not registered yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refreshed at %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not refreshed yet (obtained at %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not refreshed yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes: access is renewed without signing in again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no: when the access expires, sign in again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>remembered in the keychain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not remembered (keychain unavailable)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nothing stored</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no expiry given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no access yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (at %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pre-registered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>client metadata document</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dynamic registration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expires in %1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expires in %1 min %2 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expires in %1 h %2 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expires in %1 d %2 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>user %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>subject %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (claimed by the identity provider)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::AccessPanel</name>
    <message>
        <source>Access</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Scopes:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Highlighted rows: the authorization server granted other scopes than Portico requested.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Legend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::ActivityPanel</name>
    <message>
        <source>Activity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign-in steps and &amp;network exchanges, oldest first:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Activity log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sign-in timeline and the HTTP exchanges with this server; addresses are redacted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing happened yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the activity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the activity to the clipboard, for a support request.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the activity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the activity as a text file, for a support request.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1  %2 %3: %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1  ⇄ %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>portico-activity-%1.txt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export activity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text files (*.txt)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The activity could not be saved to %1. Choose another folder and try again.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::AuthSession</name>
    <message>
        <source>Not signed in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the keychain…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finding the authorization server…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Registering Portico with the authorization server…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for you to sign in…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Completing sign-in…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Renewing access…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign-in failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Challenge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HTTP %1 from %2%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, asking for “%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step-up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server refused access without asking for more scope; nothing to do.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server needs scopes “%1” that this machine client was not given.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server still refuses with scopes “%1” that were already granted; not asking again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server keeps refusing access even with the scopes it asked for (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server needs more access: “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no refresh token: sign in again instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign-out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The tokens and the client registration were deleted from the keychain.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The authorization server offers no revocation; deleting the tokens here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 revoked the grant (RFC 7009).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revocation at %1 failed (%2); the tokens are deleted here anyway.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Registration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forgot the client registration at %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 needs you to sign in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signing in to %1 needs a person; open Portico to sign in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped after %1 sign-ins in a row that did not satisfy the server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server kept asking for more access after %1 sign-ins; Portico stopped to avoid a loop.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another Portico process renewed access already; using its tokens.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed out while access was being renewed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The authorization server no longer accepts the refresh token; you need to sign in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Access renewed%1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> until %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::CallCommand</name>
    <message>
        <source>--arguments must be a JSON object, e.g. &apos;{&quot;message&quot;:&quot;hi&quot;}&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Several servers are called “%1”; use the id from portico --list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No server called “%1” is configured (see portico --list).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not connect to %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>[%1 content]</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::CatalogPanel</name>
    <message>
        <source>Claimed by the server (not verified by Portico)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Description, as claimed by the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 *</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected to a server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No description.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::ClientSelector</name>
    <message>
        <source>Registration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Using the client “%1” registered earlier (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The client secret has expired; registering again (RFC 7591 §3.2.1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server now uses the authorization server %1, but the client id configured for it belongs to %2. Update the server&apos;s settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Using the pre-registered client “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Using Portico&apos;s client metadata document %1 as the client id.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 does not let Portico register itself. Enter a client id for this server in its settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Registered as client “%1” at %2 (RFC 7591).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Machine sign-in needs a client id and a secret or key in the server&apos;s settings.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::ContentView</name>
    <message>
        <source>… (cut short: too large to show)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>[audio %1]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>[link %1]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>[link %1: %2]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>[%1 content]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>[image %1: could not be shown]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>[image %1, %2×%3]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>[resource %1]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>[resource %1: binary, %2 bytes, %3]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (text, %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>type not given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (no text and no data)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (binary, about %2 bytes, %3: too large to show)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (binary, %2 bytes, %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>[image: could not be shown]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>[image %1×%2]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First %1 bytes:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bytes:</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>… (%n more item(s) not shown)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>portico::CredentialStore</name>
    <message>
        <source>Keychain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Found the sign-in stored for %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 Sign-in will work but will not be remembered.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 This sign-in will not be remembered after Portico closes.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::DialogElicitationHandler</name>
    <message>
        <source>A server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 asks you to open a web page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 asks you to open a web page in your browser.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server’s message:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Site the page is on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Site:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Full address of the page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Full &amp;address:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Portico opens the page in your system browser only if you choose Open. Whatever you enter there goes to that site, not through Portico.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Portico will not open this address: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open in browser</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the page in the system browser</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Decline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decline the request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel without answering</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::ElicitationDialog</name>
    <message>
        <source>A server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 asks for information</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 asks you for the information below.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server’s message:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message from %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This form seems to ask for a password, token or key (%1). Servers must not ask for secrets this way. Do not enter one unless you trust this server and know why it needs it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Accept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accept and send the answers to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Decline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decline the request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel without answering</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::HeadlessUserAgent</name>
    <message>
        <source>The authorization server asks a person to sign in, and Portico is running without a browser.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sign-in redirect did not reach Portico&apos;s loopback listener.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::HttpSseTransport</name>
    <message>
        <source>The server closed its event stream.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection is closed.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::ImportDialog</name>
    <message>
        <source>Import servers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bring in the remote MCP servers you already set up in Claude Desktop, VS Code, Cursor or Zed. Local (stdio) servers are skipped: Portico connects to remote servers only. Secrets in the file go to your system keychain, never to Portico&apos;s files.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose one…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>claude_desktop_config.json, mcp.json or settings.json</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detect from the file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Found on this computer:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Format:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What happens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import servers from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MCP configuration (*.json *.jsonc);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 to add, %3 already configured, %4 skipped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Import %n server(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was imported: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::InteractiveSignIn</name>
    <message>
        <source>Sign-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening the sign-in page of %1 for “%2”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The authorization server sent Portico back with a code (state and issuer checked).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::LoopbackRedirectCatcher</name>
    <message>
        <source>Portico&apos;s sign-in listener stopped accepting connections.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sign-in took too long: the authorization server did not send Portico back in time. Start the sign-in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This sign-in listener has already finished; a new sign-in needs a new listener.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This sign-in listener is already listening.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Portico could not listen for the sign-in redirect on 127.0.0.1 port %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::LoopbackUserAgent</name>
    <message>
        <source>A sign-in is already in progress.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Portico refused to open the sign-in page because its address is not safe.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sign-in has no redirect listener; it was not prepared.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sign-in uses a redirect address that Portico&apos;s listener does not serve.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sign-in redirect listener is no longer listening.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sign-in was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::MainWindow</name>
    <message>
        <source>Portico</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add server…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a remote MCP server by its URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Import servers…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import the remote servers you set up in Claude Desktop, VS Code, Cursor or Zed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit server…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>D&amp;uplicate server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Remove server…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect to the selected server, signing in if it asks for it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Disconnect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Servers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Servers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No servers yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a remote MCP server by its URL, or import the ones you already use in another app. Portico connects, signs you in when the server asks for it, and shows exactly what access you granted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add server…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import from Claude Desktop, VS Code, Cursor or Zed…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter servers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A&amp;ccess</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acti&amp;vity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No servers configured</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n server(s) configured</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Remove “%1”? Portico signs out first: the access granted at %2 is revoked and the tokens are deleted from the keychain.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove “%1”?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Resources</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Prompts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server not saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server not duplicated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server not removed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::McpSession</name>
    <message>
        <source>The server speaks MCP version “%1”, which Portico does not support.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server keeps asking for more input.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server sent a result Portico cannot use.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::PromptsPanel</name>
    <message>
        <source>Prompts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Search prompts:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name, title or description</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search prompts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prompts offered by the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No prompt matches “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Arguments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Get prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Get the selected prompt with these arguments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status of the prompt request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages returned by the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The prompts could not be listed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This server offers no prompts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No prompt selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This prompt takes no arguments.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This prompt has too many arguments to show.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (required)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not sent:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>* required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a prompt first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not sent: “%1” is required.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected: connect to the server to get its prompts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Getting %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The prompt could not be got.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Description (claimed by the server): %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no messages)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::ReauthorizeDialog</name>
    <message>
        <source>Re-authorize</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the scopes to ask for. The sign-in page opens next; the authorization server may grant fewer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scope %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Sign in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in with the chosen scopes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::ResourcesPanel</name>
    <message>
        <source>Fill in “%1” first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resources</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Search resources:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>URI, name, title or description</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search resources</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Resources:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resources offered by the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Templates:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resource templates offered by the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No resource or template matches “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type, as claimed by the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Template variables</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>R&amp;ead</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read the selected resource</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Content</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Content of the last read resource</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The resources could not be listed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This server offers no resources.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No resource selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>URI: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type: not given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>URI template: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fill in the template and read the resulting resource</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This template has no variables.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value of the template variable %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a resource first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected: connect to the server to read its resources.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The read failed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no content)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::SchemaFormWidget</name>
    <message>
        <source>%1 *</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>* required</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::ScopeComparisonTable</name>
    <message>
        <source>Scopes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each scope with whether it was requested, granted, asked for by the server, and listed as supported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scope</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requested</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Granted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Challenged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Supported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Portico asked for this scope when signing in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The authorization server granted this scope (RFC 6749 §5.1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server asked for this scope in its last challenge (RFC 6750 §3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server lists this scope as supported (RFC 9728).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requested but not granted: the authorization server left this scope out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Granted without being requested.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server did not list the scopes it supports (RFC 9728 scopes_supported).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1  requested %2  granted %3  challenged %4  supported %5</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::SecretBatch</name>
    <message>
        <source>Some secrets could not be put back as they were (%1).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::ServerConnection</name>
    <message>
        <source>Disconnected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Needs sign-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The value of the header “%1” is not in the keychain.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection to the server was lost.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::ServerEditorDialog</name>
    <message>
        <source>Add server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>https://mcp.example.com/mcp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Display name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Authorization</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Automatic: sign in when the server asks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pre-registered client (client id and secret)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client credentials (machine to machine, no sign-in)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None (the server is open)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The client id the authorization server issued</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scope override</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Let the server choose (or type scopes separated by spaces)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ad&amp;vanced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Advanced settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send the &amp;resource parameter (RFC 8707)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send the resource parameter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Turn this off for identity providers that reject it, such as Microsoft Entra ID.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fixed redirect port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any free port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custom CA file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The system&apos;s certificate authorities only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse for a CA file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None (connect directly)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Manual</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Proxy URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>http://proxy.example:3128</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in with</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A page inside Portico</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The system browser</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transport</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Automatic (detect what the server speaks)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>2026-07-28 stateless HTTP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>2025 Streamable HTTP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>2024-11-05 HTTP with SSE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Redirect &amp;port:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custom CA &amp;file:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pro&amp;xy:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in &amp;with:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Transport:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server &amp;URL:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Authorization:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client &amp;id:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client s&amp;ecret:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sc&amp;opes:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stored in the keychain; type a new one to replace it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional: public clients have none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the CA certificates for this server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PEM certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the server&apos;s URL, for example https://mcp.example.com/mcp.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server URL is not a valid address; it looks like https://mcp.example.com/mcp.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server URL needs to start with https://, for example https://%1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server URL must not contain a user name or password; Portico signs in for you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server URL must use https://; plain http:// is only allowed for this computer (localhost, 127.0.0.1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server URL must start with https://, not %1://.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server URL has no host name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server URL is not allowed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client credentials need a client id.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A pre-registered client needs a client id: enter the one the authorization server issued.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client credentials need a client secret: type it in the secret field.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The scope &quot;%1&quot; is not valid: scopes are separated by spaces and cannot contain quotes, backslashes or non-ASCII characters (RFC 6749 §3.3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The redirect port must be a number from 1 to 65535, or empty for any free port.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The CA file %1 does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The CA file %1 cannot be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The CA file %1 holds no PEM certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the proxy&apos;s URL, for example http://proxy.example:3128, or choose another proxy setting.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A name for this server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Defaults to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server &quot;%1&quot; already uses this URL. You can still save, for example to sign in with another account.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::ServerLifecycle</name>
    <message>
        <source>No keychain is available to keep this server&apos;s secrets, so nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Some secrets it had stored could not be removed again (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The header %1 is not marked secret, so its value cannot go to the keychain.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server list cannot be changed: it could not be read when Portico started.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no server with the id %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (copy)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::ServerListModel</name>
    <message>
        <source>signed in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>renews when used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expired</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n s left</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n min left</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>until %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tools</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Access</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign-in</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::ServerRegistry</name>
    <message>
        <source>Portico cannot read its server list %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Portico left the file untouched and will not change it until it is fixed or moved away.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server list %1 is not valid JSON: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server list %1 has no schema version.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server list %1 was written by a newer Portico (schema %2; this one reads %3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server list %1 has no &quot;servers&quot; list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server %1 in %2 is not valid: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server %1 in %2 repeats the id of another server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A server with the id %1 already exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no server with the id %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Portico cannot change its server list until the file %1 can be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot;: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Portico cannot create the folder %1 for its server list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Portico cannot write its server list %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::SignInDialog</name>
    <message>
        <source>The server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in at %1 to let Portico use “%2” for you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>More access requested</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 asks for more access: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Page address and connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign-in page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign-in message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Page loading progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening the sign-in page…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign-in status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy &amp;link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the sign-in link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copies the address of this sign-in page.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue in &amp;system browser</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue in system browser</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signs in with your usual web browser instead of this window.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel sign-in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed in. Portico is finishing the sign-in…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Portico refused to open the sign-in page because its address is not safe.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Portico did not open this sign-in page: its address is not a secure web address. Nothing was loaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>secure connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not encrypted (local)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not encrypted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — certificate not trusted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sign-in page at %1 could not prove its identity, so Portico did not open it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sign-in page at %1 presented a certificate that cannot be trusted, so Portico stopped loading it: someone could be impersonating the server. Check the server address or ask its administrator.

Details: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in on this page. Portico takes over by itself when you are done.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The page could not be loaded (%1). Try again later, or continue in your system browser.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Portico did not open a window the page asked for, because its address is not safe.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The page opened %1 in your web browser.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The page asked for a new window at %1, and Portico could not open your web browser.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Portico stopped the page from going to an address that is not safe (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This sign-in page does not work inside Portico; continuing in your web browser.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sign-in link was copied.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue signing in in your web browser. Portico takes over by itself when you are done there. Close this window to cancel the sign-in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for your web browser…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::SignInProcedure</name>
    <message>
        <source>Discovery</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Looking for the authorization server of %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server now uses %1 instead of %2; signing in there.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Authorization server %1, resource “%2”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed in. Granted “%1”%2%3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, valid until %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, with a refresh token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, without a refresh token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requesting a machine token from %1 (client credentials, %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Machine token granted for “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::SignInTimeline</name>
    <message>
        <source>(none named)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::StatelessHttpTransport</name>
    <message>
        <source>Portico tried to answer a server request, which 2026-07-28 servers do not send.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server refused to send change notifications.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server&apos;s change notifications keep failing.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::StreamableHttpTransport</name>
    <message>
        <source>The server ended the session.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server&apos;s message stream keeps failing.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::SystemBrowserUserAgent</name>
    <message>
        <source>Portico could not open your web browser. Copy the sign-in link and open it yourself, or sign in inside Portico.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::TokenClient</name>
    <message>
        <source>The sign-in cannot be completed: the authorization response is incomplete.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sign-in cannot be renewed because the server issued no refresh token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Machine-to-machine sign-in needs a client secret or a private key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no token to revoke, or no address to revoke it at.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::ToolsPanel</name>
    <message>
        <source>Tools</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Search tools:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name, title or description</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search tools</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tools offered by the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No tool matches “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Annotations, as claimed by the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Arguments and input schema</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit as &amp;JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit the arguments as raw JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Arguments as a JSON object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Arguments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Input schema (JSON, read-only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Input sc&amp;hema</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Call the selected tool</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ca&amp;ncel call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel the running call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Progress of the running call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Call status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result of the last call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The tools could not be listed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This server offers no tools.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No tool selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only reads, changes nothing: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>May delete or overwrite things: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Safe to repeat with the same arguments: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reaches outside systems: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No annotations.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Annotations:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>… (schema cut short: too large to show)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This tool takes no arguments.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This tool has too many arguments for a form; edit them as JSON.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>* required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The arguments are not valid JSON (%1 at character %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The arguments must be a JSON object, like {&quot;name&quot;: &quot;value&quot;}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a tool first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not called: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected: connect to the server to call its tools.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Calling %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled: the call was stopped before the server answered.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The call failed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The tool reported an error.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Working…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Working: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Structured content:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no content)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::Transport</name>
    <message>
        <source>The server sent a message Portico cannot read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server answered with HTTP status %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Access to the server was not granted.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::WebEngineUserAgent</name>
    <message>
        <source>Portico could not find a free local port for the sign-in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A sign-in is already in progress.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Portico refused to open the sign-in page because its address is not safe.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sign-in was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sign-in has no loopback redirect port.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Portico could not wait for your web browser on port %1, because another program is using it. Sign in again to try once more.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::elicitation_schema</name>
    <message>
        <source>“%1” must be text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is too short.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is too long.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” must be a number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” must be a whole number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is below its minimum.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is above its maximum.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” must be yes or no.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” must be a list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” holds a value that is not offered.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” must be one of the offered values.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is required.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” was not asked for.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::schema_form</name>
    <message>
        <source>“%1” must be an email address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” must be a full web address (with https:// or another scheme).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” must be a date written as YYYY-MM-DD.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” must be a date and time written as YYYY-MM-DDThh:mm:ssZ.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is not in the expected form.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>at least %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>at most %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>name@example.com</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>https://…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>YYYY-MM-DD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>YYYY-MM-DDThh:mm:ssZ</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>whole number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>whole number, %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>number, %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(not set)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (required)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” must be a number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” must be a JSON value.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is required.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::stateless_request_headers</name>
    <message>
        <source>The request cannot be sent.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::tool_headers</name>
    <message>
        <source>it is on a parameter of type “%1”; only string, integer and boolean parameters may be mirrored</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it is on a parameter that may be of type “%1”; only string, integer and boolean parameters may be mirrored</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it is on a parameter whose type is not string, integer or boolean</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it is on a parameter whose “type” is malformed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it is on a parameter that declares no type; only string, integer and boolean parameters may be mirrored</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server describes a tool Portico cannot call safely.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An argument of this tool cannot be sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>argument “%1” (header %2) must be a string, an integer within ±(2^53−1) or a boolean</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::tool_headers::ExcludedTool</name>
    <message>
        <source>Tool “%1” is not offered: %2.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::tool_headers::SchemaWalker</name>
    <message>
        <source>its inputSchema nests deeper than %1 levels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its inputSchema has more than %1 subschemas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its x-mcp-header at %1 is not on a property reachable through “properties” alone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its x-mcp-header at %1 is not a string</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its x-mcp-header at %1 is empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its x-mcp-header at %1 contains a control character (such as CR, LF or tab)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its x-mcp-header “%1” at %2 is not an HTTP field-name token (RFC 9110 §5.1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its x-mcp-header “%1”: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its x-mcp-header “%1” duplicates another one (header names are case-insensitive)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
