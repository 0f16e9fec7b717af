// Routr's Node SDK (@routr/sdk), unchanged, against Tandem's admin API.
// usage: node provision.js HOST:PORT KEY_ID KEY_SECRET DOMAIN_URI USERNAME PASSWORD
// Prints one JSON line: the refs made and the Agent as the API answers it.
const SDK = require("@routr/sdk").default;

const [endpoint, id, secret, domainUri, username, password] = process.argv.slice(2);
const opts = { endpoint, insecure: true, username: id, password: secret };

(async () => {
  const domain = await new SDK.Domains(opts).createDomain({ name: "Example", domainUri });
  const credentials = await new SDK.Credentials(opts).createCredentials({ name: "Example", username, password });
  const agent = await new SDK.Agents(opts).createAgent({
    name: "Example", username, domainRef: domain.ref, credentialsRef: credentials.ref, privacy: "NONE", enabled: true
  });
  const listed = await new SDK.Agents(opts).listAgents({ pageSize: 10, pageToken: "" });
  console.log(JSON.stringify({ domain: domain.ref, credentials: credentials.ref, agent: agent.ref,
    agentDomainUri: agent.domain && agent.domain.domainUri, listed: listed.items.length }));
})().catch((e) => {
  console.error("provision failed:", e.code, e.details || e.message);
  process.exit(1);
});
