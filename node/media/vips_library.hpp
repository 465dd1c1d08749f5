// libvips opened at the first image (dlopen), never linked: an idle node maps none of its ~100
// shared libraries. Every libvips and GLib function Agora calls goes through VipsApi.
#pragma once

// For types and constants only: a function named here directly would be left unresolved at link.
#include <vips/vips.h>

#include <expected>
#include <string>

// Every function of VipsApi, by the name its header declares (variadic ones keep their `...`).
#define AGORA_VIPS_FUNCTIONS(X)                                                                    \
    /* start-up, errors, memory */                                                                 \
    X(vips_init)                                                                                   \
    X(vips_cache_set_max)                                                                          \
    X(vips_cache_set_max_mem)                                                                      \
    X(vips_cache_set_max_files)                                                                    \
    X(vips_block_untrusted_set)                                                                    \
    X(vips_error_buffer)                                                                           \
    X(vips_error_clear)                                                                            \
    X(g_log_set_handler)                                                                           \
    X(g_object_unref)                                                                              \
    X(g_free)                                                                                      \
    X(g_strfreev)                                                                                  \
    /* loading and saving */                                                                       \
    X(vips_jpegload_buffer)                                                                        \
    X(vips_pngload_buffer)                                                                         \
    X(vips_webpload_buffer)                                                                        \
    X(vips_gifload_buffer)                                                                         \
    X(vips_image_new_from_buffer)                                                                  \
    X(vips_image_new_from_memory_copy)                                                             \
    X(vips_thumbnail_buffer)                                                                       \
    X(vips_jpegsave_buffer)                                                                        \
    X(vips_pngsave_buffer)                                                                         \
    X(vips_webpsave_buffer)                                                                        \
    X(vips_gifsave_buffer)                                                                         \
    X(vips_image_write_to_memory)                                                                  \
    /* operations */                                                                               \
    X(vips_copy)                                                                                   \
    X(vips_colourspace)                                                                            \
    X(vips_extract_band)                                                                           \
    X(vips_cast_uchar)                                                                             \
    X(vips_bandjoin_const1)                                                                        \
    X(vips_icc_export)                                                                             \
    X(vips_avg)                                                                                    \
    /* metadata */                                                                                 \
    X(vips_image_get_fields)                                                                       \
    X(vips_image_remove)                                                                           \
    X(vips_image_get_typeof)                                                                       \
    X(vips_image_get_string)                                                                       \
    X(vips_image_get_page_height)                                                                  \
    X(vips_image_get_n_pages)                                                                      \
    X(vips_image_get_orientation)                                                                  \
    X(vips_image_get_orientation_swap)                                                             \
    X(vips_image_set_int)                                                                          \
    X(vips_image_set_array_int)                                                                    \
    X(vips_image_set_blob_copy)

namespace agora::media {

// The functions, typed as their headers declare them: `vips.vips_copy(in, &out, nullptr)`.
struct VipsApi {
#define AGORA_VIPS_MEMBER(name) decltype(&::name) name = nullptr;
    AGORA_VIPS_FUNCTIONS(AGORA_VIPS_MEMBER)
#undef AGORA_VIPS_MEMBER
};

// The library opened at first use: libvips 8.x's soname (Debian's package libvips42).
inline constexpr const char* vips_library_name = "libvips.so.42";

// Test hook: when this environment variable is set, its value is the library opened instead of
// libvips.so.42, so a test can make libvips missing (e.g. "libvips-missing.so") in a real node.
inline constexpr const char* vips_library_override = "AGORA_TEST_LIBVIPS";

// Opens `name` (RTLD_NOW | RTLD_LOCAL) and resolves every function of VipsApi, without starting
// libvips; on success the library stays open for the life of the process. The error names the
// library that could not be opened or the first function it lacks.
std::expected<VipsApi, std::string> open_vips_library(const char* name);

// libvips opened, resolved and started on the first call (from any thread): operation cache off,
// untrusted loaders blocked, its warnings sent to our debug log. The same answer for the life of
// the process; when libvips is unavailable, why is logged once, as an error.
std::expected<const VipsApi*, std::string> vips_api();

// The started library, for code that has already had it from vips_api(): throws otherwise.
const VipsApi& vips();

} // namespace agora::media
