namespace ResNetTab.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>A module with one input and one result. Implement <see cref="forward"/>; callers use <see cref="call"/>.</summary>
        public abstract class Module<T, TResult> : Module
        {
            /// <summary>Creates a module named after its type.</summary>
            protected Module() { }

            /// <summary>Creates a module with a display name.</summary>
            protected Module(string? name) : base(name) { }

            /// <summary>The computation of the module.</summary>
            public abstract TResult forward(T input);

            /// <summary>Runs the module (registering its fields on first use).</summary>
            public TResult call(T input)
            {
                EnsureRegistered();
                return forward(input);
            }
        }

        /// <summary>A module with two inputs, e.g. numerical and categorical tensors of a tabular model.</summary>
        public abstract class Module<T1, T2, TResult> : Module
        {
            /// <summary>Creates a module named after its type.</summary>
            protected Module() { }

            /// <summary>Creates a module with a display name.</summary>
            protected Module(string? name) : base(name) { }

            /// <summary>The computation of the module.</summary>
            public abstract TResult forward(T1 input1, T2 input2);

            /// <summary>Runs the module (registering its fields on first use).</summary>
            public TResult call(T1 input1, T2 input2)
            {
                EnsureRegistered();
                return forward(input1, input2);
            }
        }
    }
}
