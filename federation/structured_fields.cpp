// Structured Field Values (RFC 8941): the strict parser and serialiser that RFC 9421's
// Signature-Input and Signature fields and RFC 9530's Content-Digest need.
#include "federation/structured_fields.hpp"

#include "federation/base64.hpp"

#include <set>

namespace agora::federation::sf {

namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_lcalpha(char c) {
    return c >= 'a' && c <= 'z';
}
bool is_alpha(char c) {
    return is_lcalpha(c) || (c >= 'A' && c <= 'Z');
}
// tchar (RFC 9110 section 5.6.2)
bool is_tchar(char c) {
    return is_alpha(c) || is_digit(c) ||
           std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// The parsing algorithms of RFC 8941 section 4.2, over a cursor that only moves forward.
class Parser {
public:
    explicit Parser(std::string_view input) : rest_(input) {}

    std::expected<Dictionary, std::string> dictionary() {
        skip_sp();
        Dictionary out;
        std::set<std::string> keys; // a set: a 16 KB field of tiny members stays cheap to check
        while (!rest_.empty()) {
            auto key = parse_key();
            if (!key) return std::unexpected(key.error());
            if (!keys.insert(*key).second)
                return std::unexpected("dictionary key \"" + *key + "\" repeated");
            Member member;
            if (peek() == '=') {
                rest_.remove_prefix(1);
                auto value = item_or_inner_list();
                if (!value) return std::unexpected(value.error());
                member = std::move(*value);
            } else {
                auto parameters = parse_parameters();
                if (!parameters) return std::unexpected(parameters.error());
                member = Item{true, std::move(*parameters)};
            }
            out.emplace_back(std::move(*key), std::move(member));
            skip_ows();
            if (rest_.empty()) return out;
            if (peek() != ',') return std::unexpected("expected ',' between dictionary members");
            rest_.remove_prefix(1);
            skip_ows();
            if (rest_.empty()) return std::unexpected("trailing ',' in dictionary");
        }
        return out;
    }

private:
    std::string_view rest_;

    char peek() const { return rest_.empty() ? '\0' : rest_.front(); }
    void skip_sp() {
        while (!rest_.empty() && rest_.front() == ' ')
            rest_.remove_prefix(1);
    }
    void skip_ows() {
        while (!rest_.empty() && (rest_.front() == ' ' || rest_.front() == '\t'))
            rest_.remove_prefix(1);
    }

    std::expected<Member, std::string> item_or_inner_list() {
        if (peek() == '(') {
            auto list = inner_list();
            if (!list) return std::unexpected(list.error());
            return *list;
        }
        auto item = parse_item();
        if (!item) return std::unexpected(item.error());
        return *item;
    }

    std::expected<InnerList, std::string> inner_list() {
        rest_.remove_prefix(1); // '('
        InnerList list;
        while (!rest_.empty()) {
            skip_sp();
            if (peek() == ')') {
                rest_.remove_prefix(1);
                auto parameters = parse_parameters();
                if (!parameters) return std::unexpected(parameters.error());
                list.parameters = std::move(*parameters);
                return list;
            }
            auto item = parse_item();
            if (!item) return std::unexpected(item.error());
            list.items.push_back(std::move(*item));
            if (peek() != ' ' && peek() != ')')
                return std::unexpected("expected ' ' or ')' in inner list");
        }
        return std::unexpected("unterminated inner list");
    }

    std::expected<Item, std::string> parse_item() {
        auto value = bare_item();
        if (!value) return std::unexpected(value.error());
        auto parameters = parse_parameters();
        if (!parameters) return std::unexpected(parameters.error());
        return Item{std::move(*value), std::move(*parameters)};
    }

    std::expected<Parameters, std::string> parse_parameters() {
        Parameters out;
        std::set<std::string> keys;
        while (peek() == ';') {
            rest_.remove_prefix(1);
            skip_sp();
            auto key = parse_key();
            if (!key) return std::unexpected(key.error());
            if (!keys.insert(*key).second)
                return std::unexpected("parameter \"" + *key + "\" repeated");
            BareItem value = true;
            if (peek() == '=') {
                rest_.remove_prefix(1);
                auto parsed = bare_item();
                if (!parsed) return std::unexpected(parsed.error());
                value = std::move(*parsed);
            }
            out.emplace_back(std::move(*key), std::move(value));
        }
        return out;
    }

    std::expected<std::string, std::string> parse_key() {
        if (!is_lcalpha(peek()) && peek() != '*') return std::unexpected("malformed key");
        std::size_t n = 1;
        while (n < rest_.size()) {
            char c = rest_[n];
            if (!is_lcalpha(c) && !is_digit(c) && c != '_' && c != '-' && c != '.' && c != '*')
                break;
            ++n;
        }
        std::string key(rest_.substr(0, n));
        rest_.remove_prefix(n);
        return key;
    }

    std::expected<BareItem, std::string> bare_item() {
        char c = peek();
        if (c == '-' || is_digit(c)) return number();
        if (c == '"') return string();
        if (c == ':') return byte_sequence();
        if (c == '?') return boolean();
        if (c == '*' || is_alpha(c)) return token();
        return std::unexpected("unrecognised item");
    }

    std::expected<BareItem, std::string> number() {
        bool negative = false;
        if (peek() == '-') {
            negative = true;
            rest_.remove_prefix(1);
        }
        if (!is_digit(peek())) return std::unexpected("malformed number");
        std::int64_t integer = 0;
        int integer_digits = 0;
        while (is_digit(peek())) {
            if (++integer_digits > 15) return std::unexpected("number too long");
            integer = integer * 10 + (peek() - '0');
            rest_.remove_prefix(1);
        }
        if (peek() != '.') return negative ? -integer : integer;
        if (integer_digits > 12) return std::unexpected("decimal too long");
        rest_.remove_prefix(1);
        int fraction_digits = 0;
        std::int64_t fraction = 0;
        while (is_digit(peek())) {
            if (++fraction_digits > 3) return std::unexpected("decimal with more than 3 decimals");
            fraction = fraction * 10 + (peek() - '0');
            rest_.remove_prefix(1);
        }
        if (fraction_digits == 0) return std::unexpected("decimal ending with '.'");
        for (int i = fraction_digits; i < 3; ++i)
            fraction *= 10;
        std::int64_t thousandths = integer * 1000 + fraction;
        return Decimal{negative ? -thousandths : thousandths};
    }

    std::expected<BareItem, std::string> string() {
        rest_.remove_prefix(1); // '"'
        std::string out;
        while (!rest_.empty()) {
            char c = rest_.front();
            rest_.remove_prefix(1);
            if (c == '\\') {
                if (rest_.empty()) return std::unexpected("unterminated string");
                char escaped = rest_.front();
                if (escaped != '"' && escaped != '\\')
                    return std::unexpected("bad escape in string");
                rest_.remove_prefix(1);
                out.push_back(escaped);
            } else if (c == '"') {
                return out;
            } else if (c < 0x20 || c > 0x7e) {
                return std::unexpected("control or non-ASCII character in string");
            } else {
                out.push_back(c);
            }
        }
        return std::unexpected("unterminated string");
    }

    std::expected<BareItem, std::string> token() {
        std::size_t n = 1;
        while (n < rest_.size() && (is_tchar(rest_[n]) || rest_[n] == ':' || rest_[n] == '/'))
            ++n;
        Token token{std::string(rest_.substr(0, n))};
        rest_.remove_prefix(n);
        return token;
    }

    std::expected<BareItem, std::string> byte_sequence() {
        rest_.remove_prefix(1); // ':'
        auto end = rest_.find(':');
        if (end == std::string_view::npos) return std::unexpected("unterminated byte sequence");
        auto encoded = rest_.substr(0, end);
        for (char c : encoded)
            if (!is_alpha(c) && !is_digit(c) && c != '+' && c != '/' && c != '=')
                return std::unexpected("bad character in byte sequence");
        auto decoded = base64_decode(encoded);
        if (!decoded) return std::unexpected("byte sequence is not base64");
        rest_.remove_prefix(end + 1);
        return ByteSequence{std::move(*decoded)};
    }

    std::expected<BareItem, std::string> boolean() {
        rest_.remove_prefix(1); // '?'
        char c = peek();
        if (c != '0' && c != '1') return std::unexpected("malformed boolean");
        rest_.remove_prefix(1);
        return c == '1';
    }
};

} // namespace

std::expected<Dictionary, std::string> parse_dictionary(std::string_view field_value) {
    // Leading and trailing spaces are discarded (RFC 8941 section 4.2).
    while (!field_value.empty() && field_value.back() == ' ')
        field_value.remove_suffix(1);
    return Parser(field_value).dictionary();
}

std::string serialize(const BareItem& item) {
    struct Visitor {
        std::string operator()(std::int64_t value) const { return std::to_string(value); }
        std::string operator()(const Decimal& value) const {
            std::int64_t magnitude = value.thousandths < 0 ? -value.thousandths : value.thousandths;
            std::string out = value.thousandths < 0 ? "-" : "";
            out += std::to_string(magnitude / 1000) + ".";
            std::string fraction = std::to_string(1000 + magnitude % 1000).substr(1);
            while (fraction.size() > 1 && fraction.back() == '0')
                fraction.pop_back();
            return out + fraction;
        }
        std::string operator()(const std::string& value) const {
            std::string out = "\"";
            for (char c : value) {
                if (c == '"' || c == '\\') out.push_back('\\');
                out.push_back(c);
            }
            return out + "\"";
        }
        std::string operator()(const Token& value) const { return value.value; }
        std::string operator()(const ByteSequence& value) const {
            std::string out = ":";
            out += base64_encode(value.bytes);
            out += ':';
            return out;
        }
        std::string operator()(bool value) const { return value ? "?1" : "?0"; }
    };
    return std::visit(Visitor{}, item);
}

std::string serialize(const Parameters& parameters) {
    std::string out;
    for (const auto& [key, value] : parameters) {
        out += ';';
        out += key;
        if (auto* flag = std::get_if<bool>(&value); !flag || !*flag) {
            out += '=';
            out += serialize(value);
        }
    }
    return out;
}

std::string serialize(const Item& item) {
    return serialize(item.value) + serialize(item.parameters);
}

std::string serialize(const InnerList& list) {
    std::string out = "(";
    for (std::size_t i = 0; i < list.items.size(); ++i) {
        if (i > 0) out += " ";
        out += serialize(list.items[i]);
    }
    return out + ")" + serialize(list.parameters);
}

const BareItem* find_parameter(const Parameters& parameters, std::string_view key) {
    for (const auto& [name, value] : parameters)
        if (name == key) return &value;
    return nullptr;
}

} // namespace agora::federation::sf
