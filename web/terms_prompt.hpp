// The part of the sign-in form that asks a member to accept terms of service that took effect
// since they last accepted (what changed, a link to the text, a checkbox).
#pragma once

#include "store/legal_documents_repo.hpp"
#include "web/i18n.hpp"

#include <string>

namespace agora::web {

// The form field's name; its value is the version's effective date.
inline constexpr const char* accept_terms_field = "accept_terms";

std::string terms_prompt(Lang lang, const store::LegalDocument& terms);

} // namespace agora::web
