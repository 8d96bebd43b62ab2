// The GraphQL-over-HTTP specification's server audits (the `graphql-http` package) against a
// running endpoint: `node audit.mjs http://127.0.0.1:PORT/graphql`.
//
// Prints one JSON line per audit, `{"status","id","name","reason"}`, and exits 1 when any audit
// ends in 'error' (a MUST broken) or 'warn' (a SHOULD broken); 'notice' (a MAY) does not change
// the exit code, so the caller decides what to make of it. tests/api/audit.rs runs this.

import { auditServer } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.mjs <graphql endpoint URL>');
  process.exit(2);
}

const results = await auditServer({ url, fetchFn: fetch });
for (const { status, id, name, reason } of results) {
  console.log(JSON.stringify({ status, id, name, reason: reason ?? null }));
}
process.exit(results.some((r) => r.status === 'error' || r.status === 'warn') ? 1 : 0);
