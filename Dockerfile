# syntax=docker/dockerfile:1
# Multi-stage build: cargo-chef caches the dependency layer, so code changes rebuild only
# our crate. Queries are checked at run time (no sqlx query! macros), so no database is
# needed at build time; migrations are embedded into the binary.

FROM rust:1.95-slim-bookworm AS chef
RUN cargo install cargo-chef --locked --version ^0.1
WORKDIR /app

FROM chef AS planner
COPY . .
RUN cargo chef prepare --recipe-path recipe.json

FROM chef AS builder
ENV SQLX_OFFLINE=true
COPY --from=planner /app/recipe.json recipe.json
RUN cargo chef cook --release --locked --recipe-path recipe.json
COPY . .
RUN cargo build --release --locked --bin loyalty-bot

FROM debian:bookworm-slim AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --no-create-home loyalty
COPY --from=builder /app/target/release/loyalty-bot /usr/local/bin/loyalty-bot
USER loyalty
ENTRYPOINT ["/usr/local/bin/loyalty-bot"]
CMD ["run"]
