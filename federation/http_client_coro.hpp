// HttpClient for code already written with Asio coroutines (delivery workers): `co_await
// async_send(client, request, sign, asio::use_awaitable)` resumes on the caller's executor.
// Include only in translation units that include Asio anyway.
#pragma once

#include "federation/http_client.hpp"

#include <boost/asio/async_result.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>

namespace agora::federation {

template <typename CompletionToken>
auto async_send(HttpClient& client, OutgoingRequest request, RequestSigner sign,
                CompletionToken&& token) {
    return boost::asio::async_initiate<CompletionToken, void(HttpResult)>(
        [&client](auto handler, OutgoingRequest request, RequestSigner sign) {
            auto work = boost::asio::make_work_guard(handler);
            client.send_async(
                std::move(request), std::move(sign),
                [handler = std::move(handler), work = std::move(work)](HttpResult result) mutable {
                    auto executor = work.get_executor();
                    boost::asio::dispatch(executor,
                                          [handler = std::move(handler), result = std::move(result),
                                           work = std::move(work)]() mutable {
                                              std::move(handler)(std::move(result));
                                          });
                });
        },
        token, std::move(request), std::move(sign));
}

} // namespace agora::federation
