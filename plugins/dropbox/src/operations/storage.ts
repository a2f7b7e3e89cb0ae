import type { ElementContext, StorageInfo } from '@junction/core';
import { z } from 'zod';
import { parseVendor, rpc } from '../dropbox-api';

/** users.stone `SpaceUsage`; both allocation kinds (`individual`, `team`) carry `allocated`. */
const SpaceUsage = z.object({ used: z.number(), allocation: z.looseObject({ '.tag': z.string(), allocated: z.number().optional() }) });

/**
 * Space used and allocated, in bytes. A team member's allocation is the team's shared quota.
 * https://www.dropbox.com/developers/documentation/http/documentation#users-get_space_usage
 */
export async function storage(ctx: ElementContext): Promise<StorageInfo & { raw: z.infer<typeof SpaceUsage> }> {
  const usage = parseVendor(SpaceUsage, await rpc(ctx, 'users/get_space_usage', null), 'users/get_space_usage');
  return { used: usage.used, allocated: usage.allocation.allocated, raw: usage };
}
