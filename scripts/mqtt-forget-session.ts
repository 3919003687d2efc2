/** `npm run mqtt:forget-session -- <clientId> [--url mqtt://…] [--prefix hub]` (see forget-session-command). */
import { forgetSessionCommand } from "../src/connectors/mqtt/forget-session-command";

forgetSessionCommand(process.argv.slice(2), process.env).then(
  (done) => process.stdout.write(`${done}\n`),
  (err: Error) => {
    process.stderr.write(`${err.message}\n`);
    process.exitCode = 1;
  },
);
