// Structured Field Values (RFC 8941): the strict parser and serialiser that RFC 9421's
// Signature-Input and Signature fields and RFC 9530's Content-Digest need.
#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace agora::federation::sf {

struct Token {
    std::string value;
    bool operator==(const Token&) const = default;
};
struct ByteSequence {
    std::string bytes; // decoded
    bool operator==(const ByteSequence&) const = default;
};
// A decimal kept exactly, in thousandths (RFC 8941 allows three fractional digits).
struct Decimal {
    std::int64_t thousandths = 0;
    bool operator==(const Decimal&) const = default;
};

// Integer, Decimal, String, Token, Byte Sequence, Boolean.
using BareItem = std::variant<std::int64_t, Decimal, std::string, Token, ByteSequence, bool>;
// Parameters keep their order: RFC 9421 signs them as sent.
using Parameters = std::vector<std::pair<std::string, BareItem>>;

struct Item {
    BareItem value;
    Parameters parameters;
};
struct InnerList {
    std::vector<Item> items;
    Parameters parameters;
};
using Member = std::variant<Item, InnerList>;
// A Dictionary, in field order.
using Dictionary = std::vector<std::pair<std::string, Member>>;

// Parses a Dictionary field value (several field lines are joined with ", " first). Stricter
// than RFC 8941 in one respect: a key repeated in the dictionary or in one parameter list is an
// error, not "the last one wins", since a repeated signature label or `created` is an attack.
std::expected<Dictionary, std::string> parse_dictionary(std::string_view field_value);

// Strict serialisations (RFC 8941 section 4.1).
std::string serialize(const BareItem& item);
std::string serialize(const Parameters& parameters);
std::string serialize(const Item& item);
std::string serialize(const InnerList& list);

// The parameter `key`, or nullptr.
const BareItem* find_parameter(const Parameters& parameters, std::string_view key);

} // namespace agora::federation::sf
