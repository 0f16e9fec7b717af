package io.tandem.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The JSON/HTTP API: the same services and errors as gRPC, with HTTP statuses. */
class HttpApiTest extends HttpFixture {
    @Test
    void crudOverHttp() throws Exception {
        HttpResponse<String> made = send("POST", "/api/v2beta1/credentials", "{\"name\":\"C\",\"username\":\"1001\",\"password\":\"pw\"}", ADMIN);
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        String creds = JSON.readTree(made.body()).path("ref").asString();
        HttpResponse<String> agent = send("POST", "/api/v2beta1/agents",
            "{\"name\":\"A\",\"username\":\"1001\",\"domainRef\":\"domain-a\",\"credentialsRef\":\"" + creds + "\",\"privacy\":\"NONE\"}", ADMIN);
        assertThat(agent.statusCode()).as(agent.body()).isEqualTo(201);
        String ref = JSON.readTree(agent.body()).path("ref").asString();
        assertThat(store.findAgent("1001", "a.local").ref()).isEqualTo(ref);

        assertThat(send("PUT", "/api/v2beta1/agents/" + ref, "{\"name\":\"Renamed\"}", ADMIN).statusCode()).isEqualTo(200);
        JsonNode got = JSON.readTree(send("GET", "/api/v2beta1/agents/" + ref, null, ADMIN).body());
        assertThat(got.path("name").asString()).isEqualTo("Renamed");
        assertThat(JSON.readTree(send("GET", "/api/v2beta1/agents?pageSize=5", null, ADMIN).body()).path("items")).hasSize(1);
        assertThat(JSON.readTree(send("GET", "/api/v2beta1/agents?fieldName=username&fieldValue=1001", null, ADMIN).body()).path("items"))
            .hasSize(1);

        HttpResponse<String> referenced = send("DELETE", "/api/v2beta1/credentials/" + creds, null, ADMIN);
        assertThat(referenced.statusCode()).isEqualTo(412);
        assertThat(JSON.readTree(referenced.body()).path("code").asString()).isEqualTo("FAILED_PRECONDITION");
        assertThat(send("DELETE", "/api/v2beta1/agents/" + ref, null, ADMIN).statusCode()).isEqualTo(204);
        assertThat(send("GET", "/api/v2beta1/agents/" + ref, null, ADMIN).statusCode()).isEqualTo(404);
    }

    @Test
    void errorsNameTheFieldWithTheirHttpStatus() throws Exception {
        HttpResponse<String> unknown = send("POST", "/api/v2beta1/domains", "{\"name\":\"X\",\"domainUri\":\"x.local\",\"colour\":\"red\"}", ADMIN);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(unknown.body()).path("message").asString()).isEqualTo("colour: unknown field");
        HttpResponse<String> malformed = send("POST", "/api/v2beta1/domains", "{\"name\":", ADMIN);
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(malformed.body()).path("message").asString()).startsWith("the body is not JSON");
        HttpResponse<String> wrongType = send("POST", "/api/v2beta1/agents", "{\"name\":\"X\",\"maxContacts\":\"many\"}", ADMIN);
        assertThat(JSON.readTree(wrongType.body()).path("message").asString()).isEqualTo("maxContacts: must be an integer");
        assertThat(send("GET", "/api/v2beta1/agents", null, null).statusCode()).isEqualTo(401);
        assertThat(send("POST", "/api/v2beta1/credentials", "{\"name\":\"C\",\"username\":\"1001\",\"password\":\"pw\"}", VIEWER).statusCode())
            .isEqualTo(403);
        assertThat(send("GET", "/api/v2beta1/gadgets", null, ADMIN).statusCode()).isEqualTo(404);
    }
}
