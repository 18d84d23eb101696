using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;

namespace Ordo.Api.Infrastructure.OpenApi;

/// <summary>
/// Examples of what the API returns: each wire record's own (<see cref="IHasExample{TSelf}"/>), and the problem
/// details every error answers with, serialized with the API's own JSON settings.
/// </summary>
internal static class ResponseExamples
{
    private static readonly Dictionary<Type, object> FrameworkSamples = new()
    {
        [typeof(ProblemDetails)] = new ProblemDetails
        {
            Type = "https://ordo.dev/problems/action_not_allowed",
            Title = "Conflict",
            Status = 409,
            Detail = "Cannot ship an order whose status is pending, payment unpaid and fulfilment unfulfilled. Allowed actions: pay, cancel.",
            Extensions =
            {
                ["code"] = "action_not_allowed",
                ["action"] = "ship",
                ["orderStatus"] = "pending",
                ["paymentStatus"] = "unpaid",
                ["fulfilmentStatus"] = "unfulfilled",
                ["allowedActions"] = new[] { "pay", "cancel" },
                ["traceId"] = "4bf92f3577b34da6a3ce929d0e0e4736",
            },
        },
    };

    public static JsonNode? For(Type type, JsonSerializerOptions options)
    {
        var sample = OwnExampleOf(type) ?? FrameworkSamples.GetValueOrDefault(type);
        return sample is null ? null : JsonSerializer.SerializeToNode(sample, type, options);
    }

    /// <summary>The <see cref="IHasExample{TSelf}.Example"/> of a type that declares one.</summary>
    private static object? OwnExampleOf(Type type)
    {
        var contract = type.GetInterfaces().FirstOrDefault(candidate =>
            candidate.IsGenericType && candidate.GetGenericTypeDefinition() == typeof(IHasExample<>) && candidate.GenericTypeArguments[0] == type);
        return contract is null ? null : type.GetInterfaceMap(contract).TargetMethods.Single().Invoke(null, null);
    }
}
