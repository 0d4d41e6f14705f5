// A real OpenID Connect provider for the tests: node-oidc-provider with its development login
// page (any password; the login name is the account id), one confidential client for duban.
// Usage: node provider.mjs PORT REDIRECT_URI   (prints READY when it listens)
// GET /__clock?now=MS sets the provider's clock to the test's pinned clock (tokens carry iat/exp).
import Provider from "oidc-provider";

const realNow = Date.now.bind(Date);
let offset = 0;
Date.now = () => realNow() + offset;

const [port, redirectUri] = process.argv.slice(2);
const people = {
  "zhang-0001": { preferred_username: "zhangsan", name: "张三" },
  "wang-0002": { preferred_username: "wang", name: "王冒名" }, // the name of a local account
  "li-0003": { name: "李四" }, // no preferred_username: the subject is the name
};

const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [
    {
      client_id: "duban",
      client_secret: "duban-test-secret",
      redirect_uris: [redirectUri],
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_post",
    },
  ],
  claims: { openid: ["sub"], profile: ["name", "preferred_username"] },
  conformIdTokenClaims: false, // profile claims in the ID token too, as many platforms do
  findAccount: async (ctx, id) =>
    people[id] && { accountId: id, claims: async () => ({ sub: id, ...people[id] }) },
  features: { devInteractions: { enabled: true } },
  cookies: { keys: ["duban-test-cookie-key"] },
});
provider.proxy = false;
provider.use(async (ctx, next) => {
  if (ctx.path !== "/__clock") return next();
  offset = Number(ctx.query.now) - realNow();
  ctx.body = "ok";
});
provider.listen(Number(port), "127.0.0.1", () => console.log("READY"));
