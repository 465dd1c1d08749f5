// A member as API tests use one: a local account with a bearer token for it.
#include "rig/member.hpp"

#include "store/database.hpp"

#include <catch2/catch.hpp>

namespace agora::testing {

Member member(TestNode& node, const std::string& name) {
    auto created = node.create_account(name);
    return {created, node.token_for(created.account)};
}

Member staff(TestNode& node, const std::string& name, Role role) {
    auto created = node.create_account(name, AccountKind::person, role);
    return {created, node.token_for(created.account, "read write follow admin:read admin:write")};
}

std::int64_t count(TestNode& node, const std::string& sql) {
    auto conn = node.node().database().acquire();
    auto st = conn->query(sql);
    return st.step() ? st.int64(0) : 0;
}

nlohmann::json answer(const httplib::Result& res, int expected) {
    REQUIRE(res);
    INFO(res->status << " " << res->body);
    REQUIRE(res->status == expected);
    return nlohmann::json::parse(res->body);
}

nlohmann::json call(httplib::Client& client, const std::string& method, const std::string& path,
                    const Member& who, const std::string& body, int expected) {
    const char* form = "application/x-www-form-urlencoded";
    httplib::Result res = [&] {
        if (method == "GET") return client.Get(path, who.auth());
        if (method == "POST") return client.Post(path, who.auth(), body, form);
        if (method == "PUT") return client.Put(path, who.auth(), body, form);
        if (method == "PATCH") return client.Patch(path, who.auth(), body, form);
        if (method == "DELETE") return client.Delete(path, who.auth());
        FAIL("call(): unknown method " << method); // throws: no request is sent
        return client.Get(path, who.auth());
    }();
    INFO(method << " " << path);
    return answer(res, expected);
}

} // namespace agora::testing
