using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Simul.Contracts.Faults;

namespace Simul.Upstream;

/// <summary>
/// <c>/faults</c>: GET answers the profile in force, PUT sets one (JSON, snake_case; a field left
/// out keeps its default, an invalid one is refused with 400 naming it), DELETE ends the fault.
/// One profile for the whole process, swapped whole, so a request sees one profile or the other.
/// </summary>
public static class FaultEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow };
    private static FaultProfile _current = FaultProfile.None;

    public static FaultProfile Current => Volatile.Read(ref _current);

    public static void MapFaults(this IEndpointRouteBuilder app)
    {
        app.MapGet("/faults", () => Results.Json(Current, Json));
        app.MapPut("/faults", async (HttpRequest request) =>
        {
            FaultProfile? profile;
            try
            {
                profile = await request.ReadFromJsonAsync<FaultProfile>(Json);
            }
            catch (JsonException e)
            {
                return Results.BadRequest($"the fault profile could not be read: {e.Message}");
            }

            if (profile is null)
            {
                return Results.BadRequest("a fault profile is a JSON object");
            }

            if (profile.Problem() is { } problem)
            {
                return Results.BadRequest(problem);
            }

            Volatile.Write(ref _current, profile);
            return Results.Json(profile, Json);
        });
        app.MapDelete("/faults", () =>
        {
            Volatile.Write(ref _current, FaultProfile.None);
            return Results.NoContent();
        });
    }
}
