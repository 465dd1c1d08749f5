# Agora in a container: built with Debian 12's toolchain, run on bookworm-slim as a non-root user.
# Build: docker build -t agora .      Run and configure: see docs/getting-started.md, "Running with Docker".

# --- build stage: the packages of scripts/deps, less those only tests and benchmarks need -------
FROM debian:bookworm AS build
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      build-essential cmake ninja-build pkg-config git ca-certificates \
      libboost1.81-dev libssl-dev libsqlite3-dev sqlite3 nlohmann-json3-dev \
      libsodium-dev libtomlplusplus-dev libcli11-dev libutf8proc-dev libvips-dev libgumbo-dev libcmark-dev \
      libjemalloc-dev procps curl \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release \
 && ninja -C build agora

# --- runtime stage: the shared libraries agora links to, nothing else ------------------------------
# (and libvips42, which agora opens with dlopen at the first image: ldd does not list it)
FROM debian:bookworm-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libssl3 libsqlite3-0 libsodium23 libtomlplusplus3 libutf8proc2 libgumbo1 libcmark0.30.2 libjemalloc2 \
      libvips42 ca-certificates sqlite3 \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --gid 10001 agora \
 && useradd --uid 10001 --gid agora --home-dir /var/lib/agora --no-create-home \
      --shell /usr/sbin/nologin agora \
 && install -d -o agora -g agora -m 0750 /var/lib/agora

COPY --from=build /src/build/agora /usr/local/bin/agora
COPY agora.example.toml /etc/agora/agora.toml

# The file's listen address and storage paths suit a checkout, not a container: override them.
# Set at least AGORA_INSTANCE_DOMAIN and AGORA_HTTP_PUBLIC_URL with `docker run -e`.
# Inside a container the reverse proxy arrives from Docker's private network, not from loopback:
# trust private addresses to forward X-Forwarded-For (rate limits count the real client).
ENV AGORA_CONFIG=/etc/agora/agora.toml \
    AGORA_HTTP_LISTEN=0.0.0.0:8080 \
    AGORA_HTTP_TRUSTED_PROXIES=127.0.0.1/8,::1,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,fc00::/7 \
    AGORA_STORAGE_DATABASE=sqlite:/var/lib/agora/agora.db \
    AGORA_STORAGE_MEDIA_DIR=/var/lib/agora/media

USER agora
WORKDIR /var/lib/agora
VOLUME /var/lib/agora
EXPOSE 8080
# No HEALTHCHECK: the slim image has no HTTP client. Probe /livez and /readyz from outside.
ENTRYPOINT ["agora"]
CMD ["serve"]
