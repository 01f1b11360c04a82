using Sicantik.Perizinan.Notifications;
using Sicantik.Web.Identity;
using Sicantik.Workflows;
using Sicantik.Workflows.Outbox;

namespace Sicantik.Web.Api;

/// <summary>The outbox for administrators: messages by state (failed ones to look into) and re-sending a failed one.</summary>
public static class OutboxEndpoints
{
    public static RouteGroupBuilder MapOutboxApi(this RouteGroupBuilder api)
    {
        var outbox = api.MapGroup("/admin/outbox").WithTags("Outbox").RequireAuthorization(SicantikPolicies.Admin);
        outbox.MapGet("/", ListAsync);
        outbox.MapPost("/{id:guid}/resend", ResendAsync);
        return api;
    }

    /// <summary><c>state</c>: <c>failed</c> (default), <c>pending</c> or <c>delivered</c>; newest first.</summary>
    private static async Task<IResult> ListAsync(OutboxService outbox, string? state, int? max, CancellationToken cancellationToken)
    {
        var which = (state ?? "failed").Trim().ToLowerInvariant() switch
        {
            "failed" or "gagal" => OutboxState.Failed,
            "pending" or "menunggu" => OutboxState.Pending,
            "delivered" or "terkirim" => OutboxState.Delivered,
            _ => throw new AccountException(StatusCodes.Status400BadRequest, "unknown-outbox-state", WebText.Get("UnknownOutboxState", state)),
        };
        var messages = await outbox.ListAsync(which, Math.Clamp(max ?? 100, 1, 500), cancellationToken);
        return TypedResults.Ok(messages.Select(OutboxMessageDto.From).ToList());
    }

    /// <summary>Puts a failed message back in line; it is attempted again at once (and by the outbox sweep).</summary>
    private static async Task<IResult> ResendAsync(Guid id, OutboxService outbox, CancellationToken cancellationToken) =>
        TypedResults.Ok(OutboxMessageDto.From(await outbox.ResendAsync(id, cancellationToken)));
}

/// <summary>An outbox message as an administrator sees it; for an email, its recipient and subject.</summary>
public sealed record OutboxMessageDto(
    Guid Id,
    string Topic,
    Guid? InstanceId,
    OutboxState State,
    DateTimeOffset CreatedAt,
    int Attempts,
    DateTimeOffset NextAttemptAt,
    DateTimeOffset? DeliveredAt,
    string? LastError,
    string? To,
    string? Subject)
{
    public static OutboxMessageDto From(OutboxMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var email = message.Topic == EmailTopic.Name ? EmailPayload.FromJson(message.Payload) : null;
        return new OutboxMessageDto(
            message.Id, message.Topic, message.InstanceId, message.State, message.CreatedAt, message.Attempts,
            message.NextAttemptAt, message.DeliveredAt, message.LastError, email?.To, email?.Subject);
    }
}
