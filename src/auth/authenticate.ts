import type { ApiKeyService } from "../domain/security/api-key.service";
import { DomainError } from "../domain/shared/domain-error";
import type { JwtVerifier } from "./jwt";
import type { Principal } from "./principal";

/**
 * Finds the identity behind a request from its credential: `Authorization: Bearer <jwt>`,
 * `Authorization: ApiKey <key>`, `Authorization: Bearer hub_…` or `X-Api-Key: <key>`. No credential
 * gives null (anonymous: the schema then refuses every operation); a bad one is an error.
 */
export class Authenticator {
  constructor(
    private readonly jwt: JwtVerifier,
    private readonly apiKeys: ApiKeyService,
  ) {}

  async fromHeaders(authorization: string | undefined, apiKeyHeader: string | undefined): Promise<Principal | null> {
    if (apiKeyHeader) return this.apiKeys.authenticate(apiKeyHeader.trim());
    if (!authorization) return null;
    const [scheme, credential] = authorization.trim().split(/\s+/, 2);
    if (!credential) throw new DomainError("UNAUTHENTICATED", "malformed Authorization header");
    if (/^apikey$/i.test(scheme) || (/^bearer$/i.test(scheme) && credential.startsWith("hub_"))) {
      return this.apiKeys.authenticate(credential);
    }
    if (/^bearer$/i.test(scheme)) return this.jwt.verify(credential);
    throw new DomainError("UNAUTHENTICATED", `unsupported authorization scheme ${scheme}`);
  }
}
