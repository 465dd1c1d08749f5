// Request parameters as Mastodon clients send them: query string, form-encoded or JSON body.
#include "api/params.hpp"

#include "util/json_depth.hpp"

#include <algorithm>

namespace agora::api {

std::vector<std::pair<std::string, std::string>> parse_form(std::string_view text) {
    std::vector<std::pair<std::string, std::string>> out;
    while (!text.empty()) {
        auto amp = text.find('&');
        auto pair = text.substr(0, amp);
        text = amp == std::string_view::npos ? std::string_view{} : text.substr(amp + 1);
        if (pair.empty()) continue;
        auto eq = pair.find('=');
        auto key = http::percent_decode(pair.substr(0, eq), true);
        auto value = eq == std::string_view::npos ? std::optional<std::string>("")
                                                  : http::percent_decode(pair.substr(eq + 1), true);
        if (key && value) out.emplace_back(std::move(*key), std::move(*value));
    }
    return out;
}

std::expected<Params, std::string> Params::from_request(const http::Request& request) {
    Params p;
    p.form_ = parse_form(request.query);
    auto type = request.header("Content-Type");
    if (request.body.empty()) return p;
    if (type.starts_with("application/json") || type.find("+json") != std::string_view::npos) {
        if (!json_depth_within(request.body, 32))
            return std::unexpected("the request body nests too deeply");
        p.json_ = nlohmann::json::parse(request.body, nullptr, false);
        if (p.json_.is_discarded()) return std::unexpected("the request body is not valid JSON");
        if (!p.json_.is_object()) return std::unexpected("the request body must be a JSON object");
    } else if (type.empty() || type.starts_with("application/x-www-form-urlencoded")) {
        for (auto& kv : parse_form(request.body))
            p.form_.push_back(std::move(kv));
    }
    return p;
}

namespace {
// "poll[options][]" -> {"poll", "options"}; a trailing [] is dropped.
std::vector<std::string> path_of(std::string_view key) {
    std::vector<std::string> parts;
    auto open = key.find('[');
    parts.emplace_back(key.substr(0, open));
    while (open != std::string_view::npos) {
        auto close = key.find(']', open);
        if (close == std::string_view::npos) break;
        if (close > open + 1) parts.emplace_back(key.substr(open + 1, close - open - 1));
        open = key.find('[', close);
    }
    return parts;
}

std::optional<std::string> scalar_text(const nlohmann::json& j) {
    if (j.is_string()) return j.get<std::string>();
    if (j.is_boolean()) return j.get<bool>() ? "true" : "false";
    if (j.is_number_integer()) return std::to_string(j.get<std::int64_t>());
    if (j.is_number()) return j.dump();
    return std::nullopt;
}
} // namespace

const nlohmann::json* Params::json_at(std::string_view key) const {
    if (!json_.is_object()) return nullptr;
    const nlohmann::json* at = &json_;
    for (const auto& part : path_of(key)) {
        if (at->is_object()) {
            auto it = at->find(part);
            if (it == at->end()) return nullptr;
            at = &*it;
        } else if (at->is_array() && !part.empty() &&
                   std::isdigit(static_cast<unsigned char>(part[0]))) {
            auto index = std::stoul(part);
            if (index >= at->size()) return nullptr;
            at = &(*at)[index];
        } else {
            return nullptr;
        }
    }
    return at;
}

std::optional<std::string> Params::get(std::string_view key) const {
    if (const auto* j = json_at(key)) return scalar_text(*j);
    for (const auto& [k, v] : form_)
        if (k == key) return v;
    return std::nullopt;
}

std::vector<std::string> Params::list(std::string_view key) const {
    std::vector<std::string> out;
    if (const auto* j = json_at(key)) {
        if (j->is_array()) {
            for (const auto& item : *j)
                if (auto text = scalar_text(item)) out.push_back(*text);
        } else if (auto text = scalar_text(*j)) {
            out.push_back(*text);
        }
        return out;
    }
    std::string bracket = std::string(key) + "[";
    for (const auto& [k, v] : form_) {
        if (k == std::string(key) + "[]") {
            out.push_back(v);
        } else if (k.starts_with(bracket) && k.size() > bracket.size() &&
                   std::isdigit(static_cast<unsigned char>(k[bracket.size()])) && k.back() == ']' &&
                   k.find('[', bracket.size()) == std::string::npos) {
            out.push_back(v); // key[0]=a&key[1]=b
        }
    }
    if (out.empty()) {
        // A single value without brackets (?id=1) is a list of one, as Rails reads it.
        for (const auto& [k, v] : form_)
            if (k == key) out.push_back(v);
    }
    return out;
}

std::vector<std::map<std::string, std::string>> Params::records(std::string_view key) const {
    std::vector<std::map<std::string, std::string>> out;
    auto fields_of = [](const nlohmann::json& item) {
        std::map<std::string, std::string> fields;
        for (const auto& [name, value] : item.items())
            if (auto text = scalar_text(value)) fields[name] = *text;
        return fields;
    };
    if (const auto* j = json_at(key)) {
        if (j->is_array()) {
            for (const auto& item : *j)
                if (item.is_object()) out.push_back(fields_of(item));
        } else if (j->is_object()) {
            std::map<long, std::map<std::string, std::string>> indexed;
            for (const auto& [index, item] : j->items())
                if (item.is_object() && !index.empty() &&
                    index.find_first_not_of("0123456789") == std::string::npos && index.size() < 10)
                    indexed[std::stol(index)] = fields_of(item);
            for (auto& [index, fields] : indexed)
                out.push_back(std::move(fields));
        }
        return out;
    }
    std::string appended = std::string(key) + "[][", indexed_prefix = std::string(key) + "[";
    std::map<long, std::map<std::string, std::string>> indexed;
    for (const auto& [k, v] : form_) {
        if (k.empty() || k.back() != ']') continue;
        if (k.starts_with(appended)) {
            auto field = k.substr(appended.size(), k.size() - appended.size() - 1);
            if (field.empty() || field.find_first_of("[]") != std::string::npos) continue;
            if (out.empty() || out.back().contains(field)) out.emplace_back();
            out.back()[field] = v;
        } else if (k.starts_with(indexed_prefix)) {
            auto close = k.find(']', indexed_prefix.size());
            auto index = k.substr(indexed_prefix.size(), close - indexed_prefix.size());
            if (index.empty() || index.size() >= 10 ||
                index.find_first_not_of("0123456789") != std::string::npos ||
                close + 1 >= k.size() || k[close + 1] != '[')
                continue;
            auto field = k.substr(close + 2, k.size() - close - 3);
            if (field.empty() || field.find_first_of("[]") != std::string::npos) continue;
            indexed[std::stol(index)][field] = v;
        }
    }
    for (auto& [index, fields] : indexed)
        out.push_back(std::move(fields));
    return out;
}

bool Params::given(std::string_view key) const {
    if (json_at(key)) return true;
    for (const auto& [k, v] : form_)
        if (k == key) return true;
    return false;
}

std::optional<std::vector<std::string>> Params::children(std::string_view key) const {
    std::vector<std::string> out;
    if (const auto* j = json_at(key)) {
        if (j->is_array()) {
            for (std::size_t i = 0; i < j->size(); ++i)
                out.push_back(std::to_string(i));
        } else if (j->is_object()) {
            for (const auto& item : j->items())
                out.push_back(item.key());
        } else {
            return std::nullopt;
        }
    } else {
        std::string prefix = std::string(key) + "[";
        bool found = false;
        for (const auto& [k, v] : form_) {
            if (!k.starts_with(prefix)) continue;
            found = true;
            auto close = k.find(']', prefix.size());
            if (close == std::string::npos || close == prefix.size()) continue;
            auto name = k.substr(prefix.size(), close - prefix.size());
            if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
        }
        if (!found) return std::nullopt;
    }
    auto number = [](const std::string& s) -> std::optional<unsigned long long> {
        if (s.empty() || s.size() > 18 ||
            !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
            return std::nullopt;
        return std::stoull(s);
    };
    std::stable_sort(out.begin(), out.end(), [&](const std::string& a, const std::string& b) {
        auto na = number(a), nb = number(b);
        if (na && nb) return *na < *nb;
        return na.has_value() && !nb.has_value();
    });
    return out;
}

std::optional<bool> Params::flag(std::string_view key) const {
    auto value = get(key);
    if (!value) return std::nullopt;
    const std::string& v = *value;
    if (v == "true" || v == "1" || v == "on" || v == "t" || v == "TRUE" || v == "True") return true;
    return false;
}

} // namespace agora::api
