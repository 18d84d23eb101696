using System.ComponentModel.DataAnnotations;

namespace Ordo.Api.Infrastructure.Configuration;

public sealed class HttpLimitsOptions
{
    public const string Section = "Http";

    /// <summary>Largest request body accepted; larger ones get 413.</summary>
    [Range(1_024, 100 * 1024 * 1024, ErrorMessage = "Http:MaxRequestBodyBytes must be between 1024 and 104857600.")]
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;
}
