// Page strings in French and English, and the choice of language for a request.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace agora::web {

enum class Lang { fr, en };

// `?lang=` first, then Accept-Language, then the instance's first language, else English.
Lang choose_language(std::string_view lang_param, std::string_view accept_language,
                     const std::vector<std::string>& instance_languages);
std::string_view code(Lang lang);
// The translation of a message key; the key itself when unknown (visible, never empty).
std::string_view tr(Lang lang, std::string_view key);

} // namespace agora::web
