import { eq, or } from 'drizzle-orm';
import { DomainError } from '../../../domain/errors.js';
import type { Db } from '../../platform/db/client.js';
import { withTx } from '../../platform/db/tx.js';
import { users } from '../../platform/db/schema/index.js';
import { audit } from '../../platform/audit.js';
import { checkEmail, checkMobile, checkPassword, hashPassword } from './service.js';

export interface NewOperator {
  email: string;
  mobile: string;
  displayName: string;
  password: string;
}

/**
 * Bootstraps an operator account from the command line (`main.js create-operator`): a production
 * database starts with no accounts and no demo, and only an operator can grant other staff roles.
 * The contact details count as verified, since the deployer typed them.
 */
export async function createOperator(db: Db, input: NewOperator, now: Date): Promise<number> {
  const email = checkEmail(input.email);
  const mobile = checkMobile(input.mobile);
  checkPassword(input.password);
  const displayName = input.displayName.trim();
  if (displayName.length === 0 || displayName.length > 40) {
    throw new DomainError('VALIDATION_FAILED', { field: 'name' });
  }
  const passwordHash = await hashPassword(input.password);
  return withTx(db, async (tx) => {
    const taken = await tx
      .select({ email: users.email, mobile: users.mobile })
      .from(users)
      .where(or(eq(users.email, email), eq(users.mobile, mobile)));
    if (taken.some((t) => t.email === email)) throw new DomainError('EMAIL_TAKEN');
    if (taken.some((t) => t.mobile === mobile)) throw new DomainError('MOBILE_TAKEN');
    const [row] = await tx
      .insert(users)
      .values({
        email,
        mobile,
        displayName,
        passwordHash,
        role: 'operator',
        emailVerifiedAt: now,
        mobileVerifiedAt: now,
      })
      .returning({ id: users.id });
    if (!row) throw new Error('operator insert returned no row');
    await audit(tx, {
      actorId: null,
      actorRole: 'system',
      action: 'account.operator_created',
      entityType: 'user',
      entityId: row.id,
      after: { email, mobile, displayName, role: 'operator' },
      requestId: 'cli:create-operator',
    });
    return row.id;
  });
}
