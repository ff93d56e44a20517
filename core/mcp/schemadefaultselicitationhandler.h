#pragma once

#include "mcp/elicitationhandler.h"

namespace portico {

// Answers form-mode elicitation with the schema's defaults and nothing else (SEP-1034 defaults), for the
// headless modes where no person is there to ask. URL mode is not offered: opening a URL needs a person's
// consent (requirements FEATURE-9).
class SchemaDefaultsElicitationHandler final : public ElicitationHandler
{
public:
    [[nodiscard]] bool supportsUrlMode() const override { return false; }
    void elicit(const ElicitationRequest &request, QObject *context,
                std::function<void(ElicitationReply)> done) override;
};

} // namespace portico
