// Export Opportunities…: everything the current filter matches, to CSV or JSON, with progress and cancel.
// Pages are written as they arrive to a temporary file that replaces the target only when every page
// arrived: a cancelled or failed export leaves any earlier file as it was.
import * as vscode from 'vscode';
import { isAbortError } from '../../close/errors';
import type { Services } from '../../state/services';
import { errorText } from '../../close/inert';
import { type ExportSink, MemorySink, TempFileSink, exportOpportunities } from './exportFile';
import { exportedMessage, type ExportFormat } from './exportWriter';
import { requireConnection } from '../../commands/filterCommands';

const t = vscode.l10n.t;

/**
 * What a caller (a keybinding with args) may pass to skip the format picker. Never the file: only the save
 * dialog names it, so another extension's `executeCommand` cannot make the export overwrite a file of its choice.
 */
export interface ExportRequest {
  format?: ExportFormat;
}

function requestOf(arg: unknown): ExportRequest {
  if (typeof arg !== 'object' || arg === null) return {};
  const { format } = arg as Record<string, unknown>;
  return { format: format === 'csv' || format === 'json' ? format : undefined };
}

async function pickFormat(): Promise<ExportFormat | undefined> {
  const picked = await vscode.window.showQuickPick(
    [
      { label: 'CSV', description: t('For spreadsheets (Excel, Numbers, Google Sheets)'), format: 'csv' as const },
      { label: 'JSON', description: t('The opportunities as Close returns them'), format: 'json' as const },
    ],
    { title: t('Export Opportunities'), placeHolder: t('Choose a file format') },
  );
  return picked?.format;
}

async function pickTarget(format: ExportFormat): Promise<vscode.Uri | undefined> {
  const name = `close-opportunities-${new Date().toISOString().slice(0, 10)}.${format}`;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  return vscode.window.showSaveDialog({
    title: t('Export Opportunities'),
    defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
    filters: format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] },
    saveLabel: t('Export'),
  });
}

/** Runs the export; resolves to the file written, or undefined when cancelled, dismissed or failed. */
export async function exportView(services: Services, arg?: unknown): Promise<vscode.Uri | undefined> {
  if (!(await requireConnection(services))) return undefined;
  const request = requestOf(arg);
  const format = request.format ?? (await pickFormat());
  if (!format) return undefined;
  const uri = await pickTarget(format);
  if (!uri) return undefined;
  // Groups would cut the list into pieces; an export is the plain list of everything that matches.
  const { group_by: _groupBy, fields: _fields, ...filter } = services.filterState.filter;

  try {
    const count = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: t('Exporting opportunities'), cancellable: true },
      async (progress, token) => {
        const controller = new AbortController();
        const subscription = token.onCancellationRequested(() => controller.abort());
        try {
          const client = await services.connection.client();
          if (!client) throw new Error(t('Not connected to Close.'));
          let reported = 0;
          // A local file is streamed to disk; another file system gets the text in one write at the end.
          const sink: ExportSink = uri.scheme === 'file' ? await TempFileSink.open(uri.fsPath) : new MemorySink((bytes) => vscode.workspace.fs.writeFile(uri, bytes));
          return await exportOpportunities(client, filter, format, sink, {
            signal: controller.signal,
            onProgress: (loaded, total) => {
              const percent = total > 0 ? (loaded / total) * 100 : 100;
              progress.report({ message: t('{0} of {1}', loaded.toLocaleString(), total.toLocaleString()), increment: percent - reported });
              reported = percent;
            },
          });
        } finally {
          subscription.dispose();
        }
      },
    );
    if (count === undefined) {
      vscode.window.setStatusBarMessage(t('Export cancelled; no file was written.'), 4000);
      return undefined;
    }
    const open = t('Open File');
    void vscode.window.showInformationMessage(exportedMessage(count, uri.path.split('/').pop() ?? uri.toString(), vscode.env.language, t), open).then((choice) => {
      if (choice === open) void vscode.window.showTextDocument(uri);
    });
    return uri;
  } catch (error) {
    if (isAbortError(error)) {
      vscode.window.setStatusBarMessage(t('Export cancelled; no file was written.'), 4000);
      return undefined;
    }
    services.log.error(`Export failed: ${errorText(error)}`);
    void vscode.window.showErrorMessage(t('Export failed: {0}. No file was written.', errorText(error)));
    return undefined;
  }
}
