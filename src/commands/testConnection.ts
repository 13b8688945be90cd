// "Close: Test Connection": each step between this editor and Close, written to the log, summed up in a notification.
import * as vscode from 'vscode';
import type { DiagnosisStep, StepName } from '../close/diagnose';
import { t } from '../shared/l10n';
import type { Services } from '../state/services';
import { connectionDiagnosis } from './connectionDiagnosis';

const STEP_NAMES: Record<StepName, () => string> = {
  proxy: () => t('Proxy'),
  dns: () => t('Name resolution'),
  tls: () => t('TLS'),
  key: () => t('Key check'),
  rateLimit: () => t('Rate limit'),
};

/** One log line per step: "✓ TLS (42 ms): certificate for CN=…". */
export function stepLine(step: DiagnosisStep): string {
  const mark = step.ok === true ? '✓' : step.ok === false ? '✗' : '·';
  const time = step.durationMs !== undefined ? ` (${step.durationMs} ms)` : '';
  return `${mark} ${STEP_NAMES[step.step]()}${time}: ${step.detail}`;
}

export async function testConnection(services: Services): Promise<DiagnosisStep[]> {
  const { base, steps } = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: t('Testing the connection to Close…') }, () =>
    services.connection.toTest().then(connectionDiagnosis),
  );
  services.log.info(`Test Connection to ${base.host}:`);
  for (const step of steps) services.log.info(`  ${stepLine(step)}`);
  const failed = steps.find((step) => step.ok === false);
  const showLog = t('Show Log');
  const message = failed
    ? t('Connection to {0} fails at: {1}. The log has every step.', base.host, STEP_NAMES[failed.step]())
    : t('Connection to {0} works: every step passed. The log has the details.', base.host);
  const notify = failed ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  void notify(message, showLog).then((choice) => {
    if (choice === showLog) services.log.show();
  });
  return steps;
}
