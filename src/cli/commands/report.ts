import type { ArgumentsCamelCase, Argv } from 'yargs';
import { ReportInputError } from '../../output/report/report-data.js';
import { writeReport } from '../../output/report/write-report.js';
import { runHandler } from '../run-handler.js';
import { UserError } from '../user-error.js';

interface ReportArgs {
  out: string;
}

export const command = 'report <out>';
export const describe = 'write <out>/report.html: one self-contained page of charts for a finished result folder (opens offline)';

export function builder(yargs: Argv): Argv<ReportArgs> {
  return yargs
    .positional('out', { type: 'string', describe: 'a result folder of run, sweep or optimize', demandOption: true })
    .example('$0 report results/default', 'results/default/report.html') as unknown as Argv<ReportArgs>;
}

export const handler = runHandler((args: ArgumentsCamelCase<ReportArgs>) => {
  try {
    const { path, bytes } = writeReport(args.out);
    process.stdout.write(`${path} (${(bytes / 1e6).toFixed(2)} MB)\n`);
  } catch (error) {
    if (error instanceof ReportInputError) throw new UserError(error.message);
    throw error;
  }
});
