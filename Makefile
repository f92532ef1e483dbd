# The two commands a newcomer needs; the scripts install whatever is missing first.
.PHONY: run test build setup demo-erp bench package
run:
	scripts/run.sh
test:
	scripts/test.sh
build:
	scripts/setup.sh && scripts/build.sh
setup:
	scripts/setup.sh --browser
bench:
	scripts/bench.sh
package:
	scripts/package.sh
demo-erp:
	mkdir -p .central && cargo run --release -p demo-erp -- --port 8090 --database .central/demo-erp.sqlite
