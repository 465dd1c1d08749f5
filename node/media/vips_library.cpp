// libvips opened at the first image with dlopen, its functions resolved into one VipsApi, started
// once; when it cannot be, image processing answers an error and the node keeps running.
#include "media/vips_library.hpp"

#include "util/log.hpp"

#include <dlfcn.h>

#include <cstdlib>
#include <mutex>
#include <stdexcept>

namespace agora::media {

namespace {
std::string last_dl_error() {
    const char* error = dlerror();
    return error ? error : "unknown error";
}

// Started once per process: no operation cache (loaders read our buffers in place, and a cached
// result must never outlive one), no loader outside the trusted set, warnings to our log.
std::expected<VipsApi, std::string> started_vips() {
    const char* name = std::getenv(vips_library_override);
    auto api = open_vips_library(name && *name ? name : vips_library_name);
    if (!api) return api;
    if (api->vips_init("agora") != 0) {
        std::string why = api->vips_error_buffer();
        api->vips_error_clear();
        while (!why.empty() && why.back() == '\n')
            why.pop_back();
        return std::unexpected("libvips could not start: " + why);
    }
    api->vips_cache_set_max(0);
    api->vips_cache_set_max_mem(0);
    api->vips_cache_set_max_files(0);
    api->vips_block_untrusted_set(TRUE);
    api->g_log_set_handler(
        "VIPS", static_cast<GLogLevelFlags>(G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE),
        [](const char*, GLogLevelFlags, const char* message, void*) {
            log::debug(std::string("libvips: ") + message);
        },
        nullptr);
    return api;
}

std::expected<VipsApi, std::string>& started() {
    static std::once_flag once;
    static std::expected<VipsApi, std::string> api = std::unexpected(std::string());
    std::call_once(once, [] {
        api = started_vips();
        if (api)
            log::debug("libvips loaded for image processing");
        else
            log::error("image processing is unavailable: " + api.error() +
                       " (install libvips42 and restart the node)");
    });
    return api;
}
} // namespace

std::expected<VipsApi, std::string> open_vips_library(const char* name) {
    void* library = dlopen(name, RTLD_NOW | RTLD_LOCAL);
    if (!library) return std::unexpected(last_dl_error()); // "NAME: cannot open shared object..."
    VipsApi api;
    const char* missing = nullptr;
#define AGORA_VIPS_RESOLVE(function)                                                               \
    if (!missing) {                                                                                \
        api.function = reinterpret_cast<decltype(api.function)>(dlsym(library, #function));        \
        if (!api.function) missing = #function;                                                    \
    }
    AGORA_VIPS_FUNCTIONS(AGORA_VIPS_RESOLVE)
#undef AGORA_VIPS_RESOLVE
    if (missing) {
        dlclose(library);
        return std::unexpected(std::string(name) + " has no function " + missing);
    }
    return api; // the library stays open: libvips cannot be unloaded once started
}

std::expected<const VipsApi*, std::string> vips_api() {
    auto& api = started();
    if (!api) return std::unexpected(api.error());
    return &*api;
}

const VipsApi& vips() {
    auto& api = started();
    if (!api) throw std::logic_error("libvips used while unavailable: " + api.error());
    return *api;
}

} // namespace agora::media
