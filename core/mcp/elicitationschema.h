#pragma once

#include "common/result.h"

#include <QJsonObject>

// The restricted JSON schema of form-mode elicitation (MCP client/elicitation §Requested Schema: a flat
// object of string, number, integer, boolean and enum properties, each with an optional default).
namespace portico::elicitation_schema {

// The content a user would send by accepting every default (SEP-1034 defaults); properties without a
// default are left out.
[[nodiscard]] QJsonObject defaults(const QJsonObject &requestedSchema);

// Checks `content` against the schema (requirements FEATURE-8 SHOULD validate): required properties present, types,
// enum membership, string length and format hints, number bounds. The error names the first problem.
[[nodiscard]] Result<void> validate(const QJsonObject &content, const QJsonObject &requestedSchema);

} // namespace portico::elicitation_schema
