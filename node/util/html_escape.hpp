// Text made safe to put in HTML, in element content and in quoted attribute values alike.
#pragma once

#include <string>
#include <string_view>

namespace agora {

// `&`, `<`, `>`, `"` and `'` as character references; everything else as it is.
std::string escape_html(std::string_view text);

} // namespace agora
