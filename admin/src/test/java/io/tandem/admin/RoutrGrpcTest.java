package io.tandem.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status.Code;
import io.tandem.admin.RoutrClient.Result;
import io.tandem.provisioning.Kind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Routr's seven services over gRPC with an admin key: CRUD of each kind, paging, FindBy, and the errors of bad input. */
class RoutrGrpcTest extends AdminFixture {

    private ObjectNodeRef create(Kind kind, Object request) {
        Result r = client.call(kind, "Create", (JsonNode) request, ADMIN);
        assertThat(r.code()).as(kind + " Create: " + r.description()).isEqualTo(Code.OK);
        return new ObjectNodeRef(r.body().path("ref").asString(), r.body());
    }

    record ObjectNodeRef(String ref, JsonNode body) {
    }

    @Test
    void createGetUpdateListFindByDeleteOfEveryKind() {
        ObjectNodeRef creds = create(Kind.CREDENTIALS, createRequest(Kind.CREDENTIALS, null, null, null));
        ObjectNodeRef acl = create(Kind.ACCESS_CONTROL_LIST, createRequest(Kind.ACCESS_CONTROL_LIST, null, null, null));
        ObjectNodeRef trunk = create(Kind.TRUNK, createRequest(Kind.TRUNK, null, acl.ref(), null));
        ObjectNodeRef number = create(Kind.NUMBER, createRequest(Kind.NUMBER, null, null, trunk.ref()));
        ObjectNodeRef agent = create(Kind.AGENT, createRequest(Kind.AGENT, creds.ref(), null, null));
        ObjectNodeRef peer = create(Kind.PEER, createRequest(Kind.PEER, null, null, null));
        ObjectNodeRef domain = create(Kind.DOMAIN, createRequest(Kind.DOMAIN, null, null, null));

        // the SIP side sees each at once
        assertThat(store.agent(agent.ref()).domainRef()).isEqualTo("domain-a");
        assertThat(store.findNumberByTelUrl(number.body().path("telUrl").asString()).trunkRef()).isEqualTo(trunk.ref());
        assertThat(store.trunk(trunk.ref()).accessControlListRef()).isEqualTo(acl.ref());
        assertThat(store.peer(peer.ref()).spec().loadBalancing().algorithm()).isNotNull();

        // references come back nested, as Routr nests them
        assertThat(agent.body().path("domain").path("domainUri").asString()).isEqualTo("a.local");
        assertThat(agent.body().path("credentials").path("ref").asString()).isEqualTo(creds.ref());
        assertThat(number.body().path("trunk").path("accessControlList").path("ref").asString()).isEqualTo(acl.ref());
        assertThat(trunk.body().path("uris").get(0).path("host").asString()).startsWith("198.51.100.");
        assertThat(peer.body().path("balancingAlgorithm").asString()).isEqualTo("ROUND_ROBIN");

        for (ObjectNodeRef r : List.of(creds, acl, trunk, number, agent, peer, domain)) {
            Kind kind = Kind.fromDocumentName(store.resource(r.ref()).kind().documentName());
            Result got = client.call(kind, "Get", yaml("{ref: " + r.ref() + "}"), ADMIN);
            assertThat(got.code()).isEqualTo(Code.OK);
            assertThat(got.body().path("name").asString()).isEqualTo(r.body().path("name").asString());
            Result updated = client.call(kind, "Update", yaml("{ref: " + r.ref() + ", name: Renamed}"), ADMIN);
            assertThat(updated.code()).as(kind + " Update: " + updated.description()).isEqualTo(Code.OK);
            assertThat(store.resource(r.ref()).name()).isEqualTo("Renamed");
        }
        Result found = client.call(Kind.AGENT, "FindBy", yaml("{fieldName: username, fieldValue: " + store.agent(agent.ref()).username() + "}"), ADMIN);
        assertThat(found.body().path("items")).extracting(i -> i.path("ref").asString()).containsExactly(agent.ref());

        // deleted in the order references allow
        for (ObjectNodeRef r : List.of(domain, peer, agent, number, trunk, acl, creds)) {
            Kind kind = store.resource(r.ref()).kind();
            assertThat(client.call(kind, "Delete", yaml("{ref: " + r.ref() + "}"), ADMIN).code()).isEqualTo(Code.OK);
            assertThat(store.resource(r.ref())).isNull();
            assertThat(client.call(kind, "Get", yaml("{ref: " + r.ref() + "}"), ADMIN).code()).isEqualTo(Code.NOT_FOUND);
        }
    }

    @Test
    void listPages() {
        ObjectNodeRef creds = create(Kind.CREDENTIALS, createRequest(Kind.CREDENTIALS, null, null, null));
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            made.add(create(Kind.AGENT, createRequest(Kind.AGENT, creds.ref(), null, null)).ref());
        }
        List<String> seen = new ArrayList<>();
        String token = "";
        int pages = 0;
        do {
            Result page = client.call(Kind.AGENT, "List", yaml("{pageSize: 2, pageToken: '" + token + "'}"), ADMIN);
            page.body().path("items").forEach(i -> seen.add(i.path("ref").asString()));
            token = page.body().path("nextPageToken").asString("");
            pages++;
        } while (!token.isEmpty());
        assertThat(seen).isEqualTo(made);
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void badInputIsRefusedNamingTheField() {
        Result missingRef = client.call(Kind.AGENT, "Create", createRequest(Kind.AGENT, "no-such-credentials", null, null), ADMIN);
        assertThat(missingRef.code()).isEqualTo(Code.INVALID_ARGUMENT);
        assertThat(missingRef.description()).isEqualTo("spec.credentialsRef: no Credentials with ref 'no-such-credentials'");

        Result schema = client.call(Kind.CREDENTIALS, "Create", yaml("{name: X, username: ab, password: pw}"), ADMIN);
        assertThat(schema.code()).isEqualTo(Code.INVALID_ARGUMENT);
        assertThat(schema.description()).startsWith("spec.credentials.username: ");

        Result duplicate = client.call(Kind.DOMAIN, "Create", yaml("{name: Again, domainUri: a.local}"), ADMIN);
        assertThat(duplicate.code()).isEqualTo(Code.INVALID_ARGUMENT);
        assertThat(duplicate.description()).startsWith("spec.context.domainUri: domainUri 'a.local' is already used by Domain 'domain-a'");

        ObjectNodeRef creds = create(Kind.CREDENTIALS, createRequest(Kind.CREDENTIALS, null, null, null));
        create(Kind.AGENT, createRequest(Kind.AGENT, creds.ref(), null, null));
        Result referenced = client.call(Kind.CREDENTIALS, "Delete", yaml("{ref: " + creds.ref() + "}"), ADMIN);
        assertThat(referenced.code()).isEqualTo(Code.FAILED_PRECONDITION);
        assertThat(referenced.description()).startsWith("ref: '" + creds.ref() + "' is still referenced by Agent '");

        Result unknownRef = client.call(Kind.PEER, "Update", yaml("{ref: nope, name: X}"), ADMIN);
        assertThat(unknownRef.code()).isEqualTo(Code.NOT_FOUND);
        assertThat(unknownRef.description()).isEqualTo("ref: no Peer with ref 'nope'");

        Result badFindBy = client.call(Kind.AGENT, "FindBy", yaml("{fieldName: shoeSize, fieldValue: '42'}"), ADMIN);
        assertThat(badFindBy.code()).isEqualTo(Code.INVALID_ARGUMENT);
        assertThat(badFindBy.description()).isEqualTo("fieldName: Agent has no field 'shoeSize' to find by");
    }

    @Test
    void theAuditLogNamesTheKey() {
        create(Kind.CREDENTIALS, createRequest(Kind.CREDENTIALS, null, null, null));
        assertThat(store.audit(1).getFirst().actor()).isEqualTo("ops");
        assertThat(store.audit(1).getFirst().action()).isEqualTo("create");
    }
}
