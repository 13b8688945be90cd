// A fake Close whose data is dated up to today (in this machine's time zone), for questions about "this month"
// or "yesterday" that need members.
import { generateDataset } from '../../src/fake/generateDataset';
import { startFakeServer, type FakeServer } from '../../src/fake/server';

export function startFakeUpToToday(options: { apiKey: string; opportunities: number; seed: number }): Promise<FakeServer> {
  const now = new Date();
  const anchor = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
  return startFakeServer({ apiKey: options.apiKey, dataset: generateDataset({ opportunities: options.opportunities, seed: options.seed, anchor }) });
}
