// What the public pages share around their markup: the reader's language and the HTML answer.
#include "web/page_response.hpp"

#include "node.hpp"
#include "web/html.hpp"

namespace agora::web {

Lang language_of(const http::Request& request, const Node& node) {
    return choose_language(request.query_param("lang").value_or(""),
                           request.header("Accept-Language"), node.config().instance.languages);
}

http::Response html_response(int status, std::string body) {
    http::Response r;
    r.status = status;
    r.content_type = "text/html; charset=utf-8";
    r.body = std::move(body);
    return r;
}

http::Response not_found_page(Lang lang) {
    return html_response(404, render({std::string(code(lang)), "404", "", "<h1>404</h1>\n"}));
}

} // namespace agora::web
