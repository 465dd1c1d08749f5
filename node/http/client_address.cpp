// Who is really asking: the TCP peer, or the address a trusted reverse proxy forwards for.
#include "http/client_address.hpp"
#include "util/blanks.hpp"

#include <algorithm>

namespace agora::http {

std::expected<TrustedProxies, std::string>
TrustedProxies::parse(const std::vector<std::string>& list) {
    TrustedProxies out;
    for (const auto& entry : list) {
        auto network = parse_ip_network(entry);
        if (!network) return std::unexpected(entry);
        out.networks_.push_back(*network);
    }
    return out;
}

bool TrustedProxies::contains(const IpAddress& address) const {
    return std::any_of(networks_.begin(), networks_.end(),
                       [&](const IpNetwork& n) { return n.contains(address); });
}

namespace {
// An X-Forwarded-For entry: an address, possibly with a port ("192.0.2.1:4711",
// "[2001:db8::1]:4711") as some proxies write it.
std::optional<IpAddress> forwarded_entry(std::string_view entry) {
    entry = trim_blanks(entry);
    if (auto address = parse_ip_address(entry)) return address;
    if (entry.starts_with('[')) {
        auto close = entry.find(']');
        if (close != std::string_view::npos && close + 1 < entry.size() && entry[close + 1] == ':')
            return parse_ip_address(entry.substr(0, close + 1));
        return std::nullopt;
    }
    auto colon = entry.find(':');
    if (colon != std::string_view::npos && entry.find(':', colon + 1) == std::string_view::npos) {
        auto address = parse_ip_address(entry.substr(0, colon));
        if (address && address->is_v4()) return address;
    }
    return std::nullopt;
}
} // namespace

IpAddress client_address(const Request& request, const TrustedProxies& proxies) {
    IpAddress hop = request.peer;
    if (!proxies.contains(hop)) return hop;
    // Several X-Forwarded-For fields are one list, in order: walk them from the last.
    for (auto field = request.headers.rbegin(); field != request.headers.rend(); ++field) {
        if (!iequals(field->first, "X-Forwarded-For")) continue;
        std::string_view list = field->second;
        while (true) {
            auto comma = list.rfind(',');
            std::string_view entry =
                comma == std::string_view::npos ? list : list.substr(comma + 1);
            if (!trim_blanks(entry).empty()) {
                auto address = forwarded_entry(entry);
                if (!address) return hop;
                if (!proxies.contains(*address)) return *address;
                hop = *address;
            }
            if (comma == std::string_view::npos) break;
            list = list.substr(0, comma);
        }
    }
    return hop;
}

} // namespace agora::http
