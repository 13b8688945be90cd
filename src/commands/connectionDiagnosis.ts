// "Close: Test Connection" for the connection as it is now: which URL is checked and what to say when there is
// no client. In dist/later.js, with the checks (close/diagnose.ts) and the proxy settings it reads.
import { diagnoseConnection, type DiagnosisStep } from '../close/diagnose';
import type { ConnectionToTest } from '../state/connection';
import { proxyFor } from '../state/networkSettings';

/** The proxy VS Code would use, name resolution, TLS, the key check (`GET /me/`) and the rate-limit window, each with its time. */
export async function connectionDiagnosis(connection: ConnectionToTest): Promise<{ base: URL; steps: DiagnosisStep[] }> {
  const base = new URL(connection.url);
  base.username = '';
  base.password = '';
  const proxy = proxyFor(base);
  const steps = await diagnoseConnection({
    base,
    proxy: proxy.url,
    proxySource: proxy.source,
    client: connection.client,
    lastAnswered: connection.lastAnswered,
    describeMe: (me) => connection.describeMe(me, base.origin),
    noClient: connection.keyNotSent ? `the key is not sent to ${base.host}: you did not confirm it (Refresh asks again)` : 'no API key set: nothing to check',
  });
  return { base, steps };
}
