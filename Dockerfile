# Build with the Swift toolchain image, run on slim Debian: the binary needs only libsqlite3 and
# libssl3 (with ca-certificates, the store webhook receivers' certificates are checked against).
FROM swift:6.3-bookworm AS build
RUN apt-get update \
    && apt-get install -y --no-install-recommends libsqlite3-dev libssl-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
COPY Sources ./Sources
COPY Plugins ./Plugins
COPY openapi.yaml ./
# The Swift runtime and Foundation are linked in, so the runtime image needs no toolchain.
RUN swift build -c release --product redress --static-swift-stdlib \
    && cp "$(swift build -c release --show-bin-path)/redress" /usr/local/bin/redress

FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends libsqlite3-0 libssl3 tzdata curl ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin redress \
    && mkdir -p /data && chown redress:redress /data
COPY --from=build /usr/local/bin/redress /usr/local/bin/redress
USER redress
WORKDIR /data
ENV REDRESS_HOST=0.0.0.0 REDRESS_PORT=8080 REDRESS_DB=/data/redress.sqlite
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
    CMD curl -fsS http://127.0.0.1:8080/healthz >/dev/null || exit 1
ENTRYPOINT ["redress"]
CMD ["serve"]
