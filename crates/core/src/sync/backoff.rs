//! When to try again after a failed sync.

/// Delay before retry number `attempt` (1 for the first retry): exponential from
/// 2 s, capped at 5 minutes, scaled by `jitter` in `[0, 1)` to between half and
/// all of it, so devices that lost the network together do not return together.
pub fn retry_delay_ms(attempt: u32, jitter: f64) -> u64 {
    const BASE_MS: u64 = 2_000;
    const CAP_MS: u64 = 5 * 60_000;
    let exp = BASE_MS.saturating_mul(1 << attempt.saturating_sub(1).min(20));
    let full = exp.min(CAP_MS);
    let jitter = jitter.clamp(0.0, 1.0);
    (full as f64 * (0.5 + 0.5 * jitter)) as u64
}

#[cfg(test)]
mod tests {
    use super::retry_delay_ms;

    #[test]
    fn grows_exponentially_within_jitter_bounds() {
        let table = [
            (1, 2_000),
            (2, 4_000),
            (3, 8_000),
            (5, 32_000),
            (8, 256_000),
            (9, 300_000),
            (40, 300_000),
        ];
        for (attempt, full) in table {
            assert_eq!(
                retry_delay_ms(attempt, 0.0),
                full / 2,
                "attempt {attempt}, least"
            );
            assert_eq!(
                retry_delay_ms(attempt, 1.0),
                full,
                "attempt {attempt}, most"
            );
            let mid = retry_delay_ms(attempt, 0.5);
            assert!(mid > full / 2 && mid < full);
        }
    }

    #[test]
    fn out_of_range_jitter_is_clamped() {
        assert_eq!(retry_delay_ms(1, -3.0), 1_000);
        assert_eq!(retry_delay_ms(1, 7.0), 2_000);
        assert_eq!(retry_delay_ms(0, 1.0), 2_000);
    }
}
