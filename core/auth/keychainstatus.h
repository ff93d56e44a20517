#pragma once

namespace portico {

// How one server's sign-in stands with the system keychain, for the Access panel and the command line
// (requirements SEC-16). Each failure keeps the sign-in working in memory; none falls back to a file.
enum class KeychainStatus {
    NotUsed,      // nothing is kept in the keychain by choice (conformance mode, no secret store)
    Fine,         // the last keychain call worked: stored, read, or nothing to keep
    Waiting,      // a keychain call has been pending for more than a second
    Locked,       // the keychain is locked and the person did not unlock it (ErrorCode::KeychainAccessDenied)
    Unavailable,  // no keychain service answered, or not in time (ErrorCode::KeychainUnavailable)
    Failed,       // any other keychain error (ErrorCode::KeychainFailed)
    ForeignEntry, // the entry under Portico's key is not in Portico's format: left untouched until a new sign-in
};

} // namespace portico
