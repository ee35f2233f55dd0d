# workerd's configuration for running the built Worker on this machine, without wrangler:
# the local test (crates/cli/tests/common/workerd.rs) and the benchmark
# (scripts/bench-relay-worker.sh) fill in the @…@ fields and copy build/index.js and
# build/index_bg.wasm beside the result. Not used by `wrangler deploy`.
#   @DATE@      the compatibility date, from wrangler.toml
#   @BINDINGS@  the Worker's environment: (name = "…", text = "…"), …
#   @OUTBOUND@  empty (workerd's default `internet` network: public addresses only, as
#               deployed), or `, globalOutbound = "loopback"`: also loopback, for test
#               upstreams on 127.0.0.1 only
#   @PORT@      the loopback port to listen on
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "relay", worker = (
      modules = [
        (name = "index.js", esModule = embed "index.js"),
        (name = "index_bg.wasm", wasm = embed "index_bg.wasm"),
      ],
      compatibilityDate = "@DATE@",
      bindings = [@BINDINGS@]@OUTBOUND@
    )),
    (name = "loopback", network = (allow = ["public", "local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:@PORT@", http = (), service = "relay")],
);
