// The transparency report: GET /api/v1/agora/transparency counts exactly what a fixture of
// reports, decisions, an appeal and domain policies holds (and only within the period), refuses
// bad dates with 422, /about/transparency renders in French and English, and
// `agora admin transparency-report` prints the same counts.
#include "rig/agora_cli.hpp"
#include "rig/member.hpp"
#include "rig/test_node.hpp"
#include "store/database.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>

using namespace agora;
using nlohmann::json;

namespace {
constexpr std::int64_t hour_ms = 3'600'000;
constexpr std::int64_t march_2025 = 1'740'787'200'000; // 2025-03-01T00:00:00Z
constexpr std::int64_t june_2024 = 1'717'200'000'000;  // 2024-06-01T00:00:00Z
constexpr std::int64_t june_2026 = 1'780'272'000'000;  // 2026-06-01T00:00:00Z

// 2025: three member reports of two categories, one visitor report (legal, with a DSA
// subcategory), one remote (Flag) report; two decisions on reports (2 h and 4 h after them), one
// appealed and reversed, and one report dismissed 6 h after it (median 4 h); domain policies
// before, in and after the year. 2024 has one more report.
void insert_fixtures(testing::TestNode& t) {
    auto alice = t.create_account("alice").account.id;
    auto bob = t.create_account("bob").account.id;
    auto dave = t.create_account("dave").account.id;
    auto conn = t.node().database().acquire();
    conn->query("INSERT INTO accounts (username, domain, public_key_pem, created_at, updated_at) "
                "VALUES ('carol', 'remote.example', 'key', 0, 0)")
        .run();
    auto carol = conn->query("SELECT id FROM accounts WHERE username = 'carol'");
    REQUIRE(carol.step());
    auto carol_id = carol.int64(0);
    auto report = [&](std::int64_t id, std::optional<std::int64_t> by, std::int64_t target,
                      const char* origin, const char* domain, const char* category,
                      const char* subcategory, std::int64_t at) {
        conn->query(
                "INSERT INTO reports (id, account_id, target_account_id, origin, origin_domain, "
                "category, subcategory, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                id, by, target, origin, domain ? std::optional<std::string>(domain) : std::nullopt,
                category, subcategory ? std::optional<std::string>(subcategory) : std::nullopt, at,
                at)
            .run();
    };
    report(1, alice, bob, "member", nullptr, "violation", nullptr, march_2025);
    report(2, alice, carol_id, "member", nullptr, "spam", nullptr, march_2025 + hour_ms);
    report(3, bob, dave, "member", nullptr, "violation", nullptr, march_2025 + 2 * hour_ms);
    report(4, std::nullopt, bob, "visitor", nullptr, "legal", "illegal_or_harmful_speech",
           march_2025 + 3 * hour_ms);
    report(5, std::nullopt, dave, "remote", "remote.example", "other", nullptr,
           march_2025 + 4 * hour_ms);
    report(6, alice, dave, "member", nullptr, "spam", nullptr, june_2024);
    auto statement = [&](std::int64_t id, std::int64_t account, std::int64_t report_id,
                         const char* action, const char* ground, bool automated, std::int64_t at) {
        conn->query("INSERT INTO statements (id, account_id, report_id, action, ground, automated, "
                    "access_token, created_at) VALUES (?, ?, ?, ?, ?, ?, 'token' || ?1, ?)",
                    id, account, report_id, action, ground, automated, at)
            .run();
    };
    // Report 3 is dismissed (resolved without a statement) 6 h after it was made.
    conn->query("UPDATE reports SET action_taken_at = created_at + ? WHERE id = 3", 6 * hour_ms)
        .run();
    statement(1, bob, 1, "silence", "rules", false, march_2025 + 2 * hour_ms);
    statement(2, carol_id, 2, "suspend", "terms", true, march_2025 + 5 * hour_ms);
    conn->query("INSERT INTO appeals (statement_id, account_id, text, state, decided_at, "
                "created_at) VALUES (1, ?, 'not me', 'approved', ?, ?)",
                bob, march_2025 + 30 * hour_ms, march_2025 + 24 * hour_ms)
        .run();
    auto policy = [&](const char* domain, const char* severity, std::int64_t at) {
        conn->query("INSERT INTO domain_policies (domain, severity, created_at, updated_at) VALUES "
                    "(?, ?, ?, ?)",
                    domain, severity, at, at)
            .run();
    };
    policy("old.example", "silence", june_2024);
    policy("bad.example", "suspend", march_2025);
    policy("new.example", "noop", june_2026);
}

json expected_2025() {
    return json::parse(R"({
      "period": {"from": "2025-01-01", "to": "2026-01-01"},
      "reports": {"total": 5,
                  "by_category": {"violation": 2, "spam": 1, "legal": 1, "other": 1},
                  "by_subcategory": {"legal": {"illegal_or_harmful_speech": 1}},
                  "by_origin": {"member": 3, "visitor": 1, "remote": 1},
                  "remote_domains": 1},
      "decisions": {"total": 2, "by_action": {"silence": 1, "suspend": 1},
                    "by_ground": {"rules": 1, "terms": 1}, "automated": 1, "not_automated": 1,
                    "median_seconds_from_report": 14400,
                    "accounts_actioned": {"local": 1, "remote": 1}},
      "appeals": {"total": 1, "approved": 1, "rejected": 0, "pending": 0},
      "domain_policies": {"in_force": {"silence": 1, "suspend": 1}, "added": {"suspend": 1}}
    })");
}
} // namespace

TEST_CASE("transparency: the report counts exactly the period's moderation",
          "[api][transparency]") {
    testing::TestNode t;
    insert_fixtures(t);
    auto client = t.client();

    auto res = client.Get("/api/v1/agora/transparency?from=2025-01-01&to=2026-01-01");
    REQUIRE(res);
    REQUIRE(res->status == 200);
    auto report = json::parse(res->body);
    CHECK(report == expected_2025());
    // Aggregates only: no handle, domain of a person or comment in the body.
    CHECK(res->body.find("alice") == std::string::npos);
    CHECK(res->body.find("remote.example") == std::string::npos);

    // 2024 holds only its one member report; the default is the current year so far.
    auto old =
        json::parse(client.Get("/api/v1/agora/transparency?from=2024-01-01&to=2025-01-01")->body);
    CHECK(old["reports"]["total"] == 1);
    CHECK(old["reports"]["by_category"] == json{{"spam", 1}});
    CHECK(old["decisions"]["total"] == 0);
    CHECK(old["decisions"]["median_seconds_from_report"].is_null());
    auto current = client.Get("/api/v1/agora/transparency");
    REQUIRE(current->status == 200);
    CHECK(json::parse(current->body)["period"]["from"].get<std::string>().ends_with("-01-01"));
    CHECK(json::parse(current->body)["reports"]["total"] == 0);
}

TEST_CASE("transparency: bad dates are refused with 422", "[api][transparency]") {
    testing::TestNode t;
    auto client = t.client();
    for (const char* query :
         {"from=2025-13-01", "from=yesterday", "to=2025-02-30", "from=2025-1-01",
          "from=2025-06-01&to=2025-06-01", "from=2025-06-02&to=2025-06-01"}) {
        INFO(query);
        auto res = client.Get(std::string("/api/v1/agora/transparency?") + query);
        REQUIRE(res);
        CHECK(res->status == 422);
    }
    CHECK(client.Get("/api/v1/agora/transparency?from=2024-02-29&to=2024-03-01")->status == 200);
}

TEST_CASE("transparency: /about/transparency renders in French and English",
          "[api][transparency]") {
    testing::TestNode t;
    insert_fixtures(t);
    auto client = t.client();

    auto fr = client.Get("/about/transparency?year=2025&lang=fr");
    REQUIRE(fr);
    CHECK(fr->status == 200);
    CHECK_THAT(fr->body, Catch::Contains("<html lang=\"fr\""));
    CHECK_THAT(fr->body, Catch::Contains("Rapport de transparence 2025"));
    CHECK_THAT(fr->body, Catch::Contains("Signalements reçus"));
    CHECK_THAT(fr->body, Catch::Contains("<th scope=\"row\">Total</th><td>5</td>"));
    CHECK_THAT(fr->body, Catch::Contains("<td>14400</td>"));
    CHECK_THAT(fr->body, Catch::Contains("href=\"/about/transparency?year=2024&amp;lang=fr\""));
    CHECK(fr->body.find("<script") == std::string::npos);
    CHECK(fr->body.find("alice") == std::string::npos);

    auto en = client.Get("/about/transparency?lang=en");
    REQUIRE(en);
    CHECK(en->status == 200);
    CHECK_THAT(en->body, Catch::Contains("<html lang=\"en\""));
    CHECK_THAT(en->body, Catch::Contains("Reports received"));
    // The current year has no data here: earlier years with data are linked.
    CHECK_THAT(en->body, Catch::Contains("href=\"/about/transparency?year=2025&amp;lang=en\""));
    CHECK_THAT(en->body, Catch::Contains("href=\"/about/transparency?year=2024&amp;lang=en\""));

    CHECK(client.Get("/about/transparency?year=20x5")->status == 404);
    CHECK(client.Get("/about/transparency?year=2999")->status == 404);
    auto about = client.Get("/about?lang=en");
    REQUIRE(about);
    CHECK_THAT(about->body, Catch::Contains("href=\"/about/transparency?lang=en\""));
}

TEST_CASE("transparency: the CLI prints the same counts as JSON", "[api][transparency][cli]") {
    testing::TestNode t;
    insert_fixtures(t);
    t.stop();
    std::ofstream(t.dir() / "agora.toml") << testing::test_config_toml(t.dir());

    auto json_run = testing::run_agora(
        t.dir(), "admin transparency-report --from 2025-01-01 --to 2026-01-01 --format json");
    INFO(json_run.err);
    REQUIRE(json_run.exit_code == 0);
    CHECK(json::parse(json_run.out) == expected_2025());

    auto html_run = testing::run_agora(
        t.dir(), "admin transparency-report --from 2025-01-01 --to 2026-01-01 --format html");
    CHECK(html_run.exit_code == 0);
    CHECK_THAT(html_run.out, Catch::Contains("<th scope=\"row\">Total</th><td>5</td>"));

    auto bad = testing::run_agora(t.dir(), "admin transparency-report --from 2025-02-30");
    CHECK(bad.exit_code == 2);
    CHECK_THAT(bad.err, Catch::Contains("from must be a date"));
}
