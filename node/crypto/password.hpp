// Password hashing (argon2id through libsodium) and generated one-time passwords.
#pragma once

#include <string>
#include <string_view>

namespace agora::crypto {

// An argon2id hash in the PHC string format ("$argon2id$v=19$m=...").
std::string hash_password(std::string_view password);
bool verify_password(std::string_view password, const std::string& hash);
// A random password of `length` characters from an alphabet without look-alikes (no 0/O, 1/l).
std::string generate_password(std::size_t length = 20);

} // namespace agora::crypto
