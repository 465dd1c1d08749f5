// Columns that hold a list of strings as a JSON array (poll options, actor aliases).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace agora::store {

// The strings of a JSON array; what is not an array, or not a string in it, is left out.
std::vector<std::string> read_string_list(std::string_view json_text);
std::string write_string_list(const std::vector<std::string>& items);

} // namespace agora::store
