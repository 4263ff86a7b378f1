/**
 * `scale-across merge <out>`: the parts that shard tasks (`run --shard i/n`) wrote into
 * `<out>/parts/` into the campaign's result files, as one local `run` would have written
 * them (src/campaign/parts-merge.ts).
 */
import type { ArgumentsCamelCase, Argv } from 'yargs';
import { mergeParts } from '../../campaign/parts-merge.js';
import { CampaignRefused } from '../../campaign/result-folder.js';
import { LockedError } from '../../campaign/run-lock.js';
import { runHandler } from '../run-handler.js';
import { UserError } from '../user-error.js';

interface MergeArgs {
  out: string;
  partial: boolean;
}

export const command = 'merge <out>';
export const describe = 'merge the parts of shard tasks (run --shard i/n) in <out>/parts/ into the result files';

export function builder(yargs: Argv): Argv<MergeArgs> {
  return yargs
    .positional('out', { type: 'string', demandOption: true, describe: 'the result folder the shard tasks wrote into' })
    .option('partial', { type: 'boolean', default: false, describe: 'merge the shards that are there; the manifest names the missing ones' })
    .example('$0 merge /shared/default', 'after every task of `run … --shard i/16 --out /shared/default`')
    .example('$0 merge /shared/default --partial', 'a look at the results before every shard is done') as unknown as Argv<MergeArgs>;
}

export const handler = runHandler((args: ArgumentsCamelCase<MergeArgs>) => {
  let outcome;
  try {
    outcome = mergeParts({ outDir: args.out, partial: args.partial });
  } catch (error) {
    if (error instanceof CampaignRefused || error instanceof LockedError) throw new UserError(error.message);
    throw error;
  }
  const shards = outcome.manifest.shards!;
  const base = outcome.spec.scenarios[0]!;
  const partial = shards.partial ? ` (PARTIAL: shards ${shards.missing.join(', ')} missing)` : '';
  process.stdout.write(
    `${base.name}: merged ${shards.merged.length} of ${shards.count} shards, ${shards.trials_covered} of ${base.trials} trials${partial} → ${args.out}/\n`,
  );
});
