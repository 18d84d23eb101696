using System.Globalization;
using System.Text.Json;

namespace Ordo.Admin.Api;

/// <summary>A problem in words for the person at the screen: what happened, what to do, and the trace id to quote.</summary>
public sealed record ProblemText(string Headline, string? Detail, string? TraceId)
{
    public static ProblemText Of(Problem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var headline = problem.Code switch
        {
            "precondition_failed" => "Someone else changed this order while you had it open. It has been reloaded with their changes: check it and try again.",
            "refund_limit_exceeded" => RefundLimit(problem),
            "refund_not_permitted" => "This would give money back, and your role does not allow refunds. Ask someone who may refund.",
            "permission_missing" => $"Your role does not allow this{Member(problem, "permission", " (it needs the permission {0})")}.",
            "action_not_allowed" => "The order's state no longer allows this. It may have changed meanwhile: reload it.",
            "payment_window_closed" => "The time to pay this order has run out.",
            "rate_limited" => "Too many requests for now. Wait a moment and try again.",
            "contact_details_hidden" => "Searching by email needs the permission to see customers' contact details.",
            "not_found" or "order_not_found" => "This order does not exist, or you may not see it.",
            "validation_failed" => "Some values were not accepted.",
            "last_administrator" => "This would leave nobody able to manage users or roles, so Ordo refused it.",
            "built_in_role" => "Built-in roles can't be renamed or deleted, and admin always grants every permission.",
            "role_in_use" => "Users still hold this role: take it away from them first.",
            "role_name_taken" => "Another role already has this name.",
            "target_outranks_caller" => "This user or role holds permissions you don't, so you may not change it.",
            "privilege_escalation" => "You may only hand out permissions you hold yourself.",
            "cannot_disable_self" => "You can't disable your own account.",
            "webhook_target_refused" => "Ordo does not send webhooks to private, loopback or reserved addresses: use the receiver's public address.",
            "invalid_webhook_url" => "Enter the receiver's full https address, without a user name or password.",
            "cannot_reset_own_mfa" => "You can't reset your own two-step verification here: use your account's settings.",
            // No answer from Ordo: the panel's own failure (a download the browser refused, an interrupted file) by
            // its title, else the connection.
            _ when problem.Status == 0 && problem.Title is { } local && local != Problem.UnreachableTitle => local,
            _ when problem.Status == 0 => "Ordo could not be reached. Check the connection and try again.",
            _ => problem.Title ?? $"The request failed ({problem.Status}).",
        };
        return new ProblemText(headline, problem.Detail, problem.TraceId);
    }

    private static string RefundLimit(Problem problem)
    {
        var amounts = new[] { ("limit", "your limit is {0}"), ("alreadyRefunded", "{0} is already refunded"), ("refund", "this asks for {0}") }
            .Select(member => Member(problem, member.Item1, member.Item2))
            .Where(text => text.Length > 0)
            .ToList();
        return "This refund goes over what you may give back on this order"
            + (amounts.Count > 0 ? " (" + string.Join("; ", amounts) + ")" : "")
            + ". Someone allowed unlimited refunds (orders.refund.unlimited) can make it.";
    }

    private static string Member(Problem problem, string name, string format)
    {
        if (problem.Extensions is null || !problem.Extensions.TryGetValue(name, out var value))
        {
            return "";
        }

        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.Object when value.TryGetProperty("amount", out var amount) && value.TryGetProperty("currency", out var currency)
                && amount.TryGetInt64(out var minor) => Format.Money(new Money(minor, currency.GetString() ?? "")),
            _ => null,
        };
        return text is null ? "" : string.Format(CultureInfo.InvariantCulture, format, text);
    }
}
