#pragma once

#include "common/error.h"

#include <optional>
#include <utility>
#include <variant>

namespace portico {

// The value of a one-shot operation, or the Error that stopped it (docs/architecture.md, "Async and errors"). C++20 has
// no std::expected yet, so this is the small subset Portico needs: check, take the value, take the error.
template<typename T>
class [[nodiscard]] Result
{
public:
    Result(T value)
        : m_state(std::in_place_index<0>, std::move(value))
    {}
    Result(Error error)
        : m_state(std::in_place_index<1>, std::move(error))
    {}

    [[nodiscard]] bool ok() const { return m_state.index() == 0; }
    explicit operator bool() const { return ok(); }

    // Precondition: ok(). Asking a failed result for its value is a programming error.
    [[nodiscard]] const T &value() const & { return std::get<0>(m_state); }
    [[nodiscard]] T &&value() && { return std::get<0>(std::move(m_state)); }
    // Precondition: !ok().
    [[nodiscard]] const Error &error() const { return std::get<1>(m_state); }

private:
    std::variant<T, Error> m_state;
};

// Result<void>: success carries nothing. Build a success with Result<void>::success().
template<>
class [[nodiscard]] Result<void>
{
public:
    Result(Error error)
        : m_error(std::in_place, std::move(error))
    {}
    static Result success() { return Result(); }

    [[nodiscard]] bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    [[nodiscard]] const Error &error() const { return *m_error; }

private:
    Result() = default;
    std::optional<Error> m_error;
};

} // namespace portico
