// Multi-layer LSTM and GRU through libtorch's fused implementations. `params` holds, per layer and
// direction, w_ih, w_hh[, b_ih, b_hh] — PyTorch's flat-weights order.
#include "rt_shim.h"

RT_API int32_t rt_lstm(rt_tensor input, rt_tensor h0, rt_tensor c0, const rt_tensor* params, int32_t nparams, int32_t has_biases,
                       int64_t num_layers, double dropout, int32_t train, int32_t bidirectional, int32_t batch_first,
                       rt_tensor* output, rt_tensor* h_n, rt_tensor* c_n) {
  RT_TRY auto r = at::lstm(*input, {*h0, *c0}, rt::tensor_list(params, nparams), has_biases != 0, num_layers, dropout,
                           train != 0, bidirectional != 0, batch_first != 0);
  *output = rt::wrap(std::move(std::get<0>(r)));
  *h_n = rt::wrap(std::move(std::get<1>(r)));
  *c_n = rt::wrap(std::move(std::get<2>(r)));
  RT_CATCH
}

RT_API int32_t rt_gru(rt_tensor input, rt_tensor h0, const rt_tensor* params, int32_t nparams, int32_t has_biases,
                      int64_t num_layers, double dropout, int32_t train, int32_t bidirectional, int32_t batch_first,
                      rt_tensor* output, rt_tensor* h_n) {
  RT_TRY auto r = at::gru(*input, *h0, rt::tensor_list(params, nparams), has_biases != 0, num_layers, dropout,
                          train != 0, bidirectional != 0, batch_first != 0);
  *output = rt::wrap(std::move(std::get<0>(r)));
  *h_n = rt::wrap(std::move(std::get<1>(r)));
  RT_CATCH
}
