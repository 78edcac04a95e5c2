/**
 * Run by test/tick-shape.test.ts in a child process with `--allow-natives-syntax --expose-gc`:
 * serves PUTs on loopback, with full garbage collections while the server is idle between them,
 * then prints V8's feedback for `process.nextTick` (%DebugPrint). `bare` is a plain `node:http`
 * server, `bare-pinned` the same after pinTickObjectShape(), `sandbox` a sandbox with the console on.
 */
import { createServer, request } from "node:http";
import { startSandbox } from "../src/index";
import { pinTickObjectShape } from "../src/tick-shape";

const mode = process.argv[2];
let url: string;
let close: () => Promise<void>;
if (mode === "sandbox") {
  const sandbox = await startSandbox({ orders: 5, console: true });
  url = `${sandbox.url}/v1/fulfillment/orders/2`;
  close = () => sandbox.close();
} else {
  if (mode === "bare-pinned") pinTickObjectShape();
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => res.end(JSON.stringify({ ok: true })));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}/orders/2`;
  close = () => new Promise((resolve) => server.close(() => resolve()));
}

const put = () =>
  new Promise<void>((resolve, reject) => {
    const headers = { "X-API-KEY": "sandbox-key-provider-1", "content-type": "application/json" };
    const sent = request(url, { method: "PUT", headers }, (answer) => answer.resume().on("end", resolve));
    sent.on("error", reject);
    sent.end(JSON.stringify({ externalId: "tick-shape" }));
  });
const serve = async (requests: number) => {
  for (let i = 0; i < requests; i += 10) await Promise.all(Array.from({ length: 10 }, put));
};
const { gc } = globalThis as { gc?: () => void };
if (!gc) throw new Error("run with --expose-gc");

await serve(500);
for (let round = 0; round < 8; round++) {
  await new Promise((resolve) => setTimeout(resolve, 20));
  gc();
  await serve(100);
}
await serve(300);
new Function("f", "%DebugPrint(f)")(process.nextTick);
await close();
