WITH customer_metrics AS (
  SELECT
    COUNT(*) AS churned_customers
  FROM customers
  WHERE
    customers.is_member
    AND (
      customers.churn_date >= CAST('2026-08-23' AS DATE)
      AND customers.churn_date < CAST('2026-11-23' AS DATE)
    )
    AND customers.status = 'churned'
), customer_customers_at_period_start AS (
  SELECT
    COUNT(*) AS customers_at_period_start
  FROM customers AS customers_2
  WHERE
    customers_2.is_member
    AND (
      customers_2.signup_date < CAST('2026-08-23' AS DATE)
      AND (
        customers_2.churn_date IS NULL
        OR customers_2.churn_date >= CAST('2026-08-23' AS DATE)
      )
    )
), customer_metrics_2 AS (
  SELECT
    COUNT(*) AS churned_customers
  FROM customers AS customers_3
  WHERE
    customers_3.tier = 'A'
    AND (
      customers_3.churn_date >= CAST('2026-08-23' AS DATE)
      AND customers_3.churn_date < CAST('2026-11-23' AS DATE)
    )
    AND customers_3.status = 'churned'
), customer_customers_at_period_start_2 AS (
  SELECT
    COUNT(*) AS customers_at_period_start
  FROM customers AS customers_4
  WHERE
    customers_4.tier = 'A'
    AND (
      customers_4.signup_date < CAST('2026-08-23' AS DATE)
      AND (
        customers_4.churn_date IS NULL
        OR customers_4.churn_date >= CAST('2026-08-23' AS DATE)
      )
    )
)
SELECT
  *
FROM (
  SELECT
    'members' AS segment,
    *
  FROM (
    SELECT
      CAST(COALESCE(customer_metrics.churned_customers, 0) AS DOUBLE PRECISION) / NULLIF(COALESCE(customer_customers_at_period_start.customers_at_period_start, 0), 0) AS churn_rate
    FROM customer_metrics
    CROSS JOIN customer_customers_at_period_start
  ) AS p0
  UNION ALL
  SELECT
    'high_value_customers' AS segment,
    *
  FROM (
    SELECT
      CAST(COALESCE(customer_metrics_2.churned_customers, 0) AS DOUBLE PRECISION) / NULLIF(COALESCE(customer_customers_at_period_start_2.customers_at_period_start, 0), 0) AS churn_rate
    FROM customer_metrics_2
    CROSS JOIN customer_customers_at_period_start_2
  ) AS p1
) AS populations
ORDER BY
  CASE segment WHEN 'members' THEN 0 WHEN 'high_value_customers' THEN 1 END
